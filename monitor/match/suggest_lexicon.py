"""Word lists, the place gazetteer and transliteration used by ``denials suggest``."""

from __future__ import annotations

import re

from monitor.match.normalize import fold, script_of
from monitor.match.rules import _INSTITUTION


def _words(text: str) -> list[str]:
    return text.split()


_AGREEMENT = ("agreement", 'agree* OR agreement* OR deal OR accord* OR consent* OR договор* OR соглаш* OR '
              'соглас* OR razılaş* OR razılıq OR anlaş* OR mutabakat OR համաձայն* OR պայմանավոր* OR Einigung OR '
              'geeinigt OR اتفاق')
# Claim actions an analyst often needs, with their wording in the monitored languages.
CONCEPTS: dict[str, tuple[str, str]] = {
    "meet": ("meeting", 'meet* OR met OR talks OR встреч* OR встрети* OR переговор* OR görüş* OR '
                        'հանդիպ* OR rencontr* OR Treffen OR getroffen OR "bir araya" OR اجتماع OR التقى'),
    "agre": _AGREEMENT,
    "control": ("control", 'control* OR контрол* OR nəzarət* OR վերահսկ* OR kontrol* OR contrôl* OR '
                           'Kontrolle OR سيطر*'),
    "mechan": ("mechanism", 'mechanism* OR механизм* OR mexanizm* OR mekanizma* OR մեխանիզմ* OR '
                            'mécanisme* OR Mechanismus OR آلية'),
    "shot": ("shootdown", '"shot down" OR downed OR сбил* OR сбит* OR vurul* OR vurdu* OR düşür* OR '
                          'խոց* OR abattu* OR abgeschossen OR أسقط*'),
    "transfer": ("transfer", 'transfer* OR handed OR handing OR "hand over" OR deliver* OR переда* OR '
                             'təhvil OR verib OR veril* OR ötürü* OR devret* OR devred* OR teslim* OR '
                             'հանձն* OR փոխանց* OR transféré* OR livré* OR übergeben OR سلم*'),
    "mercenar": ("mercenaries", 'mercenar* OR наемник* OR наёмник* OR muzdlu* OR paralı OR վարձկան* '
                                'OR mercenaire* OR Söldner* OR مرتزق*'),
    "attack": ("attack", 'attack* OR strike* OR shell* OR атак* OR удар* OR обстрел* OR hücum* OR '
                         'atəş* OR saldır* OR հարձակ* OR կրակ* OR attaque* OR Angriff* OR هجوم'),
    "kill": ("killed", 'kill* OR dead OR died OR убит* OR погиб* OR öldürül* OR həlak OR şəhid OR '
                       'սպանվ* OR զոհ* OR tué* OR getötet OR قتل*'),
    "deploy": ("deployment", 'deploy* OR troops OR moved OR переброс* OR развер* OR войск* OR '
                             'yerləşdir* OR konuşlan* OR տեղակայ* OR déploi* OR stationiert OR نشر'),
    "arrest": ("arrest", 'arrest* OR detain* OR задерж* OR арест* OR həbs* OR saxlanıl* OR tutukla* '
                         'OR ձերբակալ* OR arrêté* OR festgenommen OR اعتقال'),
    "sign": ("signing", 'sign* OR подпис* OR imzala* OR ստորագր* OR sign* OR unterzeichn* OR توقيع'),
}
_STOP = set(_words("""a an the of in on at to for from by with and or but as is are was were be been has have
had that this these those it its their his her he she they we you i not no any such about into over
after before during said says say told according also which who whom what when where will would
could should may might there here than then them upon among between within without official
officials statement report reports claim claims information media social does did done spread
networks network called calls reached made took place held january february march april may june
july august september october november december monday tuesday wednesday thursday friday saturday
sunday через после перед между около возле против также tərəfinin tərəfindən tərəfi yaxınlığında ərazisində əldə olunması edib near via through over under across against january январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь yanvar
fevral mart aprel iyun iyul avqust sentyabr oktyabr noyabr dekabr"""))
# Nationality adjectives: dropped from the front of a name, kept (with places) as an optional group.
_NATIONALITY = re.compile(r"^(armenian|azerbaijani|russian|turkish|georgian|syrian|iranian|american|"
                          r"ukrainian|french|german|israeli|british|european)s?$", re.IGNORECASE)
_ROLE = re.compile(r"^(secretary|minister|commander|head|chief|president|general|spokesperson|spokesman|"
                   r"director|aide|adviser|advisor|deputy|ambassador|colonel|lieutenant)$", re.IGNORECASE)
# Names too common in this region's news to count as claim entities: an optional place group.
_COMMON_PLACES = frozenset(fold(n) for n in _words("""Azerbaijan Armenia Russia Georgia Turkey Iran
Ukraine Baku Yerevan Moscow Tbilisi Ankara Tehran Kyiv Europe EU NATO UN USA US Azerbaijani Armenian
Russian Georgian Turkish Iranian Азербайджан Армения Россия Грузия Турция Баку Ереван Москва Тбилиси
Azərbaycan Ermənistan Rusiya Gürcüstan Türkiyə Bakı İrəvan Moskva Հայաստան Ադրբեջան Ռուսաստան Երևան
Բաքու"""))
# Well-known places of the region in the monitored languages (en | ru | az | hy | tr | fr | de | ar):
# aliases of a place entity, and the forms of the optional ``place`` group.
_GAZETTEER = [row.split("|") for row in """Azerbaijan|Azerbaijani|Азербайджан|азербайджанск|Azərbaycan|Ադրբեջան|Azerbaycan|Azerbaïdjan|Aserbaidschan|أذربيجان
Armenia|Armenian|Армения|Армени|армянск|Ermənistan|erməni|Հայաստան|հայկական|Ermenistan|Ermeni|Arménie|Armenien|أرمينيا
Russia|Russian|Россия|Росси|российск|Rusiya|rus|Ռուսաստան|ռուսական|Rusya|Russie|Russland|روسيا
Georgia|Georgian|Грузия|Грузи|грузинск|Gürcüstan|Վրաստան|Gürcistan|Géorgie|Georgien|جورجيا
Turkey|Turkish|Турция|Турци|турецк|Türkiyə|türk|Թուրքիա|Türkiye|Turquie|Türkei|تركيا
Iran|Iranian|Иран|иранск|İran|Իրան|Iranien|إيران
Syria|Syrian|Сирия|Сири|сирийск|Suriya|Սիրիա|Suriye|Syrie|Syrien|سوريا
Ukraine|Ukrainian|Украина|Украин|украинск|Ukrayna|Ուկրաինա|Ukrainien|أوكرانيا
Baku|Баку|Bakı|Բաքու|Bakou|باكو
Yerevan|Ереван|İrəvan|Երևան|Erivan|Erevan|Eriwan|يريفان
Moscow|Москва|Москв|Moskva|Մոսկվա|Moscou|Moskau|موسكو
Tbilisi|Тбилиси|Tiflis|Թբիլիսի|Tbilissi|تبليسي
Ankara|Анкара|Анкар|Անկարա|أنقرة
Tehran|Тегеран|Tehran|Թեհրան|Téhéran|Teheran|طهران
Washington|Вашингтон|Vaşinqton|Վաշինգտոն|Vaşington|واشنطن
Brussels|Брюссель|Brüssel|Բրյուսել|Bruxelles|بروكسل
Karabakh|Карабах|Qarabağ|Ղարաբաղ|Karabağ|Haut-Karabakh|Bergkarabach|كاراباخ
Nakhchivan|Нахичевань|Нахичеван|Naxçıvan|Նախիջևան|Nahçıvan|Nakhitchevan|Nachitschewan|ناخيتشيفان
Gyumri|Гюмри|Gümrü|Գյումրի|Gumri|Gjumri
Ganja|Гянджа|Гяндж|Gəncə|Գանձակ|Gence|Gandja|Gandscha|كنجة
Shusha|Шуша|Шуш|Şuşa|Շուշի|Choucha|شوشة
Stepanakert|Степанакерт|Xankəndi|Ստեփանակերտ|Hankendi
Lachin|Лачин|Laçın|Լաչին|Latchine
Zangezur|Зангезур|Zəngəzur|Զանգեզուր|Zengezur
Syunik|Сюник|Sünik|Սյունիք|Siounik
Sochi|Сочи|Soçi|Սոչի|Sotchi|سوتشي""".splitlines()]
_PLACE_ROWS = {fold(form): row for row in _GAZETTEER for form in row}
Span = tuple[int, int]
# Case endings stripped to get a name's base form (longest first); the rest must keep 4 letters.
_ENDINGS = {
    "cyrillic": sorted(_words("а я у ю ом ем ым им е ой ей ою ы и ого его ому ему"), key=len, reverse=True),
    "azeri": sorted(_words("ın in un ün nın nin nun nün da də ta tə dan dən tan tən la lə yla ylə ya yə a ə"),
                    key=len, reverse=True),
    "armenian": sorted(_words("ի ին ից ով ում ը ն"), key=len, reverse=True),
}
_OBLIQUE = {  # endings that mark a name as not the grammatical subject (so not the denier)
    "cyrillic": ("а", "я", "у", "ю", "ом", "ем", "ым", "им", "е", "ой", "ей", "ого", "ому"),
    "azeri": ("ın", "in", "un", "ün", "da", "də", "ta", "tə", "dan", "dən", "la", "lə", "yla", "ylə"),
    "armenian": ("ի", "ին", "ից", "ով", "ում"),
}
# Words that end the name of an institution (az/tr izafet heads; English heads before a person)
_INSTITUTION_HEADS = frozenset(_words("""xidməti nazirliyi komitəsi şurası idarəsi aparatı administrasiyası
departamenti agentliyi xidmət servisi bakanlığı komitesi başkanlığı service ministry office committee
council agency"""))
_AZ_LETTERS = re.compile("[əığşçöüƏİĞŞÇÖÜ]")


def _scheme(word: str, azeri: bool) -> str | None:
    script = script_of(word)
    if script == "latin":
        return "azeri" if azeri else None
    return script if script in _ENDINGS else None


def base_form(word: str, azeri: bool) -> str:
    """``word`` without a case ending ("Abazyanın" -> "Abazyan", "Нагиева" -> "Нагиев")."""
    scheme = _scheme(word, azeri)
    if fold(word) in _COMMON_PLACES or word.lower().endswith(("stan", "istan")):
        return word                          # Ermənistan, not Ermənis + tan
    if scheme == "cyrillic" and word.lower().endswith(("ии", "ию", "ией")) and len(word) > 5:
        return word[: -3 if word.lower().endswith("ией") else -2] + "ия"    # Грузии -> Грузия
    cuts = [word[: -len(e)] for e in _ENDINGS.get(scheme or "", ())
            if word.lower().endswith(e) and len(word) - len(e) >= 4]
    # names of the region end in a consonant far more often: Abazyan+ın, not Abazya+nın
    consonant = [c for c in cuts if c[-1].lower() not in "aeiouəıöüаеёиоуыэюяաեէըիոօ"]
    return (consonant or cuts or [word])[0]


def is_oblique(word: str, azeri: bool) -> bool:
    scheme = _scheme(word, azeri)
    return scheme is not None and word.lower().endswith(_OBLIQUE[scheme]) and len(word) > 5
_TO_CYR = [("shch", "щ"), ("kh", "х"), ("zh", "ж"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("ya", "я"),
           ("yu", "ю"), ("gh", "г"), ("ye", "е"), ("iy", "и"), ("a", "а"), ("b", "б"), ("c", "дж"),
           ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"), ("h", "х"), ("i", "и"), ("j", "дж"),
           ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("q", "г"),
           ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("v", "в"), ("w", "в"), ("x", "х"),
           ("y", "й"), ("z", "з"), ("ə", "я"), ("ı", "ы"), ("ğ", "г"), ("ş", "ш"), ("ç", "ч"),
           ("ö", "ё"), ("ü", "ю")]
_FROM_CYR = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
             "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
             "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
             "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya"}


def to_cyrillic(name: str) -> str:
    out, s = [], name.lower()
    i = 0
    while i < len(s):
        for lat, cyr in _TO_CYR:
            if s.startswith(lat, i):
                out.append(cyr)
                i += len(lat)
                break
        else:
            out.append(s[i])
            i += 1
    return " ".join(w[:1].upper() + w[1:] for w in "".join(out).split())


def to_latin(name: str) -> str:
    s = "".join(_FROM_CYR.get(ch, ch) for ch in name.lower())
    return " ".join(w[:1].upper() + w[1:] for w in s.split())


def _place_query(places: list[str]) -> str:
    """The optional ``place`` group: each place in its known forms (a stem form takes a ``*``)."""
    terms: list[str] = []
    for place in places:
        row = (_PLACE_ROWS.get(fold(place)) or _PLACE_ROWS.get(fold(base_form(place, True)))
               or _PLACE_ROWS.get(fold(place.removesuffix("s"))) or [place])
        for form in row:
            stem = any(o != form and o.startswith(form) for o in row) or (form[:1].islower() and len(form) > 4)
            term = f"{_quoted(form)}*" if stem and " " not in form else _quoted(form)
            if term not in terms:
                terms.append(term)
    return " OR ".join(terms)


def _aliases(name: str) -> list[str]:
    row = _PLACE_ROWS.get(fold(name))
    if row:
        return [form for form in row if form[:1].isupper() and form != name
                and (fold(form) != fold(name) or script_of(form) != script_of(name))]
    words = name.split()
    if len(words) > 3 or _INSTITUTION.search(name):
        return []                 # organisations: the analyst adds their names in other languages
    forms = [words[-1]] if 2 <= len(words) <= 3 and len(words[-1]) >= 4 else []
    script = script_of(name)
    for form in [name, *forms]:
        if script == "latin":
            cyr = to_cyrillic(form)
            forms.append(cyr)
            if cyr.split()[-1].startswith("Х"):   # Russian writes Azerbaijani H as Г: Hajiyev ~ Гаджиев
                forms.append(" ".join([*cyr.split()[:-1], "Г" + cyr.split()[-1][1:]]))
        elif script == "cyrillic":
            forms.append(to_latin(form))
    seen = {fold(name)}
    out = []
    for form in forms:
        if fold(form) not in seen or script_of(form) != script:
            seen.add(fold(form))
            out.append(form)
    return out


# Titles and functions: never a name by themselves, stripped from the ends of a name.
_TITLE_WORDS = frozenset(_words("""presidential president presidents prime minister ministers aide aides
assistant adviser advisor secretary spokesman spokesperson spokeswoman press general gen deputy head chief
commander director ambassador colonel lieutenant chairman chairwoman speaker envoy representative official
mr mrs ms dr sir minister's president's"""))
_TITLE_PREFIXES = tuple(_words("""президент премьер министр замминистр помощник советник секретар пресс-секретар
генерал глав заместител командующ директор посол представител официальн спикер prezident köməkçi
müşavir katib sədr rəhbər general müavin sözçü səfir nümayəndə baş rəsmi cumhurbaşkan bakan sözcü"""))
# Verbs of saying: their subject is the speaker of the statement.
_SPEECH = frozenset(_words("""said says stated states told called calls announced noted stressed added wrote
declared described dismissed dismisses assured clarified reported"""))
_SPEECH_PREFIXES = tuple(_words("""заяв сообщ отмет подчеркн написал назвал уточн bildir dey deyib qeyd açıqla
vurğula yazıb dedi belirt açıkla déclar a sagte erklärt"""))
# Words that open the claim clause after the denial or the verb of saying.
_CLAIM_MARKERS = frozenset(_words("""that claim claims claiming report reports reported allegation allegations
rumour rumours rumor rumors information news suggestion assertion statement statements что чтобы о об том
сообщения сообщение информацию информация утверждения слухи ki iddia iddiası iddiaları məlumat məlumatları
məlumatlar xəbərləri"""))
_POSTPOSITIONS = frozenset(_words("barədə haqqında ilə bağlı hakkında"))
_MILITARY_PREFIX = frozenset(_words("air force forces navy army"))


def is_title(word: str) -> bool:
    """A title or function word ("Presidential", "aide", "Минобороны" is not one, "помощник" is)."""
    low = word.lower().rstrip(".")
    return low in _TITLE_WORDS or low in ("nazir", "naziri", "nazirin") or (len(low) > 3 and low.startswith(_TITLE_PREFIXES))


def _is_speech(word: str) -> bool:
    low = word.lower()
    return low in _SPEECH or (len(low) > 4 and low.startswith(_SPEECH_PREFIXES) and script_of(word) != "latin"
                              ) or low in ("bildirib", "deyib", "qeyd", "açıqlayıb", "vurğulayıb", "belirtti")


def _person_like(words: list[str]) -> bool:
    return (2 <= len(words) <= 3 and all(w[:1].isupper() and not is_title(w) for w in words)
            and not _INSTITUTION.search(" ".join(words)) and not any(_NATIONALITY.match(w) for w in words))


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name
