# ruff: noqa  (the labeller's own editing scripts, kept as written)
import sys; sys.path.insert(0,'tools')
from append import apply
C = {
'https://www.twz.com/chinas-spy-balloon-over-montana-is-part-of-a-larger-more-troubling-pattern': ''' "Currently we assess that this balloon has limited additive value from an intelligence collection perspective. But we are taking steps, nevertheless, to protect against foreign intelligence collection of sensitive information."''',
'https://dailymontanan.com/2023/02/03/montana-officials-want-details-on-chinas-spy-balloon/': '''\n\nIn emails, both U.S senators from Montana said the balloon, heading east and located over the middle of the continental U.S. this morning, represents a danger.''',
'https://eu.detroitnews.com/story/news/local/michigan/2023/02/12/object-decommissioned-over-lake-huron-michigan-airspace-closure/69897024007/': '''\n\n"Its path and altitude raised concerns, including that it could be a hazard to civil aviation," a Pentagon statement said.''',
'https://www.adn.com/nation-world/2023/02/11/fighter-aircraft-shoots-down-unidentified-object-over-northern-canada-trudeau-says/': '''\n\nCanadian Defense Minister Anita Anand said at a news conference in Ottawa that the object, flying at around 40,000 feet, had been shot down at 11:41 a.m. Alaska time, approximately 100 miles from the Canada-U.S. border in the central Yukon.''',
'https://aerotime.aero/articles/us-f-16-shoots-down-another-unidentified-object-over-north-america': '''\n\nThe official statements do not describe the object as a balloon, wording that the US officials confirmed as deliberate.''',
'https://drgnews.com/?p=148972': '''\nWhile the military is confident the balloon shot down off South Carolina was a surveillance airship operated by China, the Biden administration has admitted that the three smaller objects were likely civilian-owned balloons that were targeted during the heightened response, after U.S. homeland defense radars were recalibrated to detect slower moving airborne items.''',
'https://exbulletin.com/world/international/2033955/': '''\n\nThe official did not specify the size of the balloon, but said it was large enough that, despite its high altitude, commercial pilots could see it.''',
'https://psoriasinews.net/world/pentagon-says-it-detected-a-chinese-spy-balloon-hovering-over-montana/24235/': '''\n\nPentagon officials said the balloon had traveled from China to the Aleutian Islands of Alaska, and through northwest Canada over the past few days before arriving somewhere over Montana, where it was hovering on Wednesday.''',
'https://irishchronicle.com/world/another-chinese-balloon-flew-over-latin-america-china-confirms': '''\nThe Colombian Air Force mentioned it had tracked the article till it left the nation’s airspace, including that officers decided it didn’t pose a menace to nationwide safety and had been investigating its origin.''',
}
apply('inbox/cn-spy-balloon-2023.txt', C)
