"""Word lists, the place gazetteer and transliteration used by ``denials suggest``."""

from __future__ import annotations

import re
from collections.abc import Sequence

from monitor.match.normalize import fold, script_of
from monitor.match.rules import _INSTITUTION


def _words(text: str) -> list[str]:
    return text.split()


_AGREEMENT = ("agreement", 'agree* OR agreement* OR deal OR accord OR accords OR consent* OR договор* OR '
              'соглаш* OR согласил* OR согласи* OR согласован* OR razılaş* OR razılıq OR anlaş* OR mutabakat '
              'OR razı OR համաձայն* OR պայմանավոր* OR accepté* OR Einigung OR geeinigt OR zugestimmt OR اتفاق '
              'OR وافق*')
# Claim actions an analyst often needs, with their wording in the monitored languages.
CONCEPTS: dict[str, tuple[str, str]] = {
    "meet": ("meeting", 'meet* OR met OR talks OR встреч* OR встрети* OR переговор* OR görüş* OR '
                        'հանդիպ* OR rencontr* OR Treffen OR getroffen OR "bir araya" OR اجتماع OR التقى'),
    "agre": _AGREEMENT,
    "control": ("control", 'control* OR контрол* OR nəzarət* OR վերահսկ* OR kontrol* OR contrôl* OR '
                           'Kontrolle OR سيطر*'),
    "mechan": ("mechanism", 'mechanism* OR механизм* OR mexanizm* OR mekanizma* OR մեխանիզմ* OR '
                            'mécanisme* OR Mechanismus OR آلية'),
    "shot": ("shootdown", '"shot down" OR "shoots down" OR downed OR downing OR сбил* OR сбит* OR сбива* OR vurul* OR vurdu* OR '
                          'vurma* OR vurub OR düşür* OR խոց* OR abattu* OR abgeschossen OR Abschuss OR أسقط* OR '
                          'إسقاط'),
    "transfer": ("transfer", 'transfer* OR handed OR handing OR "hand over" OR deliver* OR передать OR передаст* OR передал* OR '
                             'передан* OR передач* OR поставк* OR təhvil OR verilməsi OR verildiy* OR göndəril* OR ötürü* OR devret* OR devred* OR teslim* OR '
                             'հանձն* OR փոխանց* OR transféré* OR livré* OR übergeben OR سلم* OR hand OR hands OR '
                             'handover OR cede OR ceded OR ceding OR cession OR уступ* OR qaytar* OR iade OR զիջ* OR '
                             'céder OR cédé* OR abtreten OR abgetreten OR تسليم OR supplied OR supply OR supplies OR '
                             'supplying OR sent OR shipped OR shipping OR delivered OR постав* '
                             'OR отправ* OR tədarük* OR göndər* OR çatdır* OR sevk* OR gönder* OR tedarik* OR '
                             'մատակարար* OR ուղարկ* OR առաք* OR livraison* OR envoyé* OR fourni OR fournis '
                             'OR geliefert OR Lieferung* OR liefert* OR أرسل* OR إرسال OR توريد'),
    "mercenar": ("mercenaries", 'mercenar* OR fighters OR militants OR jihadist* OR наемник* OR наёмник* OR '
                                'боевик* OR джихадист* OR muzdlu* OR paralı OR yaraqlı* OR cihadçı* OR '
                                'վարձկան* OR զինյալ* OR mercenaire* OR combattants OR djihadiste* OR '
                                'Söldner* OR Kämpfer OR Dschihadist* OR مرتزق* OR مسلح*'),
    "attack": ("attack", 'attack* OR strike* OR shelled OR shelling OR атак* OR удар* OR обстрел* OR hücum* OR '
                         'atəş* OR saldır* OR հարձակ* OR կրակ* OR attaque* OR Angriff* OR هجوم'),
    "kill": ("killed", 'killed OR killing OR dead OR died OR убит* OR погиб* OR öldürül* OR həlak OR şəhid OR '
                       'սպանվ* OR զոհ* OR tué* OR getötet OR قتل*'),
    "deploy": ("deployment", 'deploy* OR troops OR moved OR переброс* OR развер* OR войск* OR '
                             'yerləşdir* OR konuşlan* OR տեղակայ* OR déploi* OR stationiert OR نشر'),
    "arrest": ("arrest", 'arrest* OR detain* OR detention OR custody OR задерж* OR арест* OR həbs* OR saxlanıl* '
                         'OR tutukla* OR gözaltı* OR ձերբակալ* OR կալանավոր* OR arrêté* OR arrestation OR '
                         'festgenommen OR Festnahme OR verhaftet OR اعتقال OR اعتقل*'),
    "shipment": ("shipment", 'shipment* OR cargo OR cargoes OR consignment* OR unload* OR offload* OR груз OR груза '
                             'OR грузом OR грузов OR грузы OR сухогруз* OR разгруж* OR выгруж* OR выгруз* OR yük OR '
                             'yükü OR yüklü OR yükün OR boşaldıl* OR boşaltıl* OR sevkiyat* OR բեռ* OR cargaison* OR '
                             'déchargé* OR débarqué* OR Ladung OR entladen OR Fracht* OR ტვირთ* OR გადმოტვირთ* OR '
                             'شحن* OR تفريغ'),
    "weapon": ("weapons", 'weapon* OR arms OR armament* OR ammunition OR munition* OR drone* OR оружи* OR '
                          'вооружени* OR боеприпас* OR беспилотник* OR дрон* OR silah* OR sursat* OR mühimmat* OR '
                          'pilotsuz OR İHA OR PUA OR զենք* OR զինամթերք* OR սպառազինութ* OR անօդաչու* OR armes OR '
                          'Waffen* OR Drohne* OR იარაღ* OR დრონ* OR أسلحة OR سلاح OR ذخير*'),
    "sign": ("signing", 'signed OR signing OR signature OR подпис* OR imzala* OR ստորագր* OR signé* OR unterzeichn* OR توقيع'),
}
_STOP = set(_words("""a an the of in on at to for from by with and or but as is are was were be been has have
had that this these those it its their his her he she they we you i not no any such about into over
after before during said says say told according also which who whom what when where will would
could should may might there here than then them upon among between within without official
officials statement report reports claim claims information media social does did done spread
networks network called calls reached made took place held including bound part january february march april may june
july august september october november december monday tuesday wednesday thursday friday saturday
sunday через после перед между около возле против также tərəfinin tərəfindən tərəfi yaxınlığında ərazisində əldə olunması edib near via through over under across against january январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь yanvar
fevral mart aprel iyun iyul avqust sentyabr oktyabr noyabr dekabr
le la les l des du de un une et ou que qui dont selon lesquelles lesquels laquelle lequel sont été être
auraient aurait avait avaient par pour sur dans avec aux au ces cette ce ont est son sa ses leur leurs
der die das den dem des ein eine einen einem einer und oder dass wonach seien sei sind wurde wurden worden
hat haben hatte nach über durch aus mit von vom zum zur auf für bei gegen nicht
bir ve ile için olarak olan da de ki bu şu o ise gibi göre
və bu o bir üçün olan olub olaraq kimi görə həm isə
и в во на с со по к ко из у за от до для не что это как его её их был была были было будет
которые который которая которых якобы
և ու է են էր էին որ թե այն այդ իր նրա նաև մասին համար հետ կողմից մոտ"""))
# Nationality adjectives: dropped from the front of a name, kept (with places) as an optional group.
_NATIONALITY = re.compile(r"^(armenian|azerbaijani|russian|turkish|georgian|syrian|iranian|american|"
                          r"ukrainian|french|german|israeli|british|european|türk|ermeni|erməni|rus|gürcü|"
                          r"azərbaycanlı|azerbaycanlı|suriyalı|iranlı|amerikan|ossetian|abkhaz|abkhazian|"
                          r"chechen|dagestani|kurdish|kurd|lezgin|talysh|adjarian|karabakhi|nakhchivani|"
                          r"pakistani|afghan|belarusian|kazakh|chinese)s?$", re.IGNORECASE)
# Compass words before a nationality or region adjective: "South Ossetian", "North Caucasian".
_COMPASS = frozenset(_words("south north east west southern northern eastern western upper lower central"))


def is_region_adjective(words: list[str]) -> bool:
    """A nationality or region adjective, alone or after compass words ("South Ossetian"): it only
    says where or whose, a place term rather than a claim name."""
    if not words or not all(w.lower() in _COMPASS for w in words[:-1]):
        return False
    last = words[-1]
    return bool(_NATIONALITY.match(last)) or (len(words) > 1 and bool(re.search(r"(ian|ean|ese|ish)s?$", last)))


# Heads of a named link or crossing: "the Baku-Supsa oil pipeline", "the Norduz-Agarak border crossing"
# name ONE thing (its parts are its ends); lower-case words that may stand between the names and the head.
_LINK_HEADS = frozenset(_words("pipeline pipelines crossing crossings road railway railroad corridor bridge "
                                "highway checkpoint motorway"))
_LINK_MODIFIERS = frozenset(_words("oil gas border rail railway road highway water checkpoint transit"))
# The claim moved a line ("moved the occupation line", "shifted the border", "передвинули границу"): the
# event is the move, the line is what it is about.
LINE_MOVE = ('moved OR move OR moves OR moving OR shift* OR advanced OR advancing OR relocat* OR передвину* OR '
             'передвиг* OR перенес* OR перенос* OR сдвину* OR сдвиг* OR köçür* OR irəli* OR kaydır* OR '
             'ilerlet* OR déplac* OR avancé* OR verschoben OR verlegt OR verschieb* OR تحريك OR გადმოწ* OR '
             'გადაწ* OR տեղափոխ*')
LINE_WORDS = ('"occupation line" OR "line of occupation" OR "administrative boundary line" OR border OR '
              'borders OR boundary OR borderization OR бордеризац* OR "оккупационн* лини*" OR границ* OR '
              'ბორდერიზაც* OR "საოკუპაციო ხაზ*" OR "işğal xətt*" OR sərhəd* OR "işgal hatt*" OR sınır* OR '
              'frontière* OR Grenze OR Grenzlinie OR Grenzziehung OR սահման*')
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
_GAZETTEER = [row.split("|") for row in """Azerbaijan|Azerbaijani|Азербайджан|азербайджанск|Azərbaycan|Ադրբեջան|Azerbaycan|Azerbaïdjan|Aserbaidschan|أذربيجان|azerbaïdjanais|aserbaidschanisch|azərbaycanlı
Armenia|Armenian|Армения|Армени|армянск|Ermənistan|erməni|Հայաստան|հայկական|Ermenistan|Ermeni|Arménie|Armenien|أرمينيا|arménien|armenisch
Russia|Russian|Россия|Росси|российск|Rusiya|rus|Ռուսաստան|ռուսական|Rusya|Russie|Russland|روسيا|russe|russisch
Georgia|Georgian|Грузия|Грузи|грузинск|Gürcüstan|Վրաստան|Gürcistan|Géorgie|Georgien|جورجيا|géorgien|georgisch|gürcü
Turkey|Turkish|Турция|Турци|турецк|Türkiyə|türk|Թուրքիա|Türkiye|Turquie|Türkei|تركيا|turc|türkisch
Iran|Iranian|Иран|иранск|İran|Իրան|Iranien|إيران|iranien|iranisch|iranlı
Syria|Syrian|Сирия|Сири|сирийск|Suriya|Սիրիա|Suriye|Syrie|Syrien|سوريا|syrien|syrisch|suriyalı
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
# Capitals: a capital in the claim ("via Tbilisi airport") is a claim name; the speaker's ("Speaking in
# Baku") is not, and a country is only an optional ``place`` term.
_CITIES = frozenset(fold(f) for row in _GAZETTEER if row[0] in ("Baku", "Yerevan", "Moscow", "Tbilisi", "Ankara", "Tehran")
                    for f in row if f[:1].isupper()) | {fold("Kyiv"), fold("Киев"), fold("Київ")}
# every form of a common place is common: Ermenistan, Aserbaidschan, Tiflis
_COMMON_PLACES = _COMMON_PLACES | frozenset(fold(f) for row in _GAZETTEER if fold(row[0]) in _COMMON_PLACES
                                            for f in row if f[:1].isupper())
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
    if scheme == "cyrillic" and word.lower().endswith(("ии", "ию", "ией")) and len(word) > 5:
        return word[: -3 if word.lower().endswith("ией") else -2] + "ия"    # Грузии -> Грузия
    if fold(word) in _COMMON_PLACES or fold(word) in _PLACE_ROWS or word.lower().endswith(("stan", "istan")):
        return word                          # Ermənistan, not Ermənis + tan; Gəncə, Гюмри
    cuts = [word[: -len(e)] for e in _ENDINGS.get(scheme or "", ())
            if word.lower().endswith(e) and len(word) - len(e) >= 4
            and not (e == "ն" and word[-2:-1] in "աե")]      # Տիգրանաշեն, Սևան: -ան/-են is the name's
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
    """Russian spelling of a Latin name; an Azerbaijani ə is е (а at the start of a word: Əli ->
    Али), ıy is и (Nağıyev -> Нагиев); abbreviations and model codes keep their letters' names."""
    words = name.split()
    if len(words) > 1:
        return " ".join(to_cyrillic(w) if not _keeps_latin(w) else w for w in words)
    if _keeps_latin(name):
        return name if any(c.isdigit() for c in name) else "".join(_LETTER_CYR.get(c, c) for c in name)
    s = name.lower()
    s = re.sub(r"(^|[\s-])ə", r"\1а", s).replace("ıy", "и").replace("ə", "е")
    return _respell(s, _TO_CYR)


_LETTER_CYR = {"A": "А", "B": "Б", "C": "С", "D": "Д", "E": "Е", "F": "Ф", "G": "Г", "H": "Х", "I": "И",
               "K": "К", "L": "Л", "M": "М", "N": "Н", "O": "О", "P": "П", "R": "Р", "S": "С", "T": "Т",
               "U": "У", "V": "В", "X": "Х", "Z": "З"}


def _keeps_latin(word: str) -> bool:
    """A model code or abbreviation ("TB2", "FSB", "F-16" is not: it has a word of letters)."""
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and (len(letters) >= 2 or word[-1:].isdigit()) \
        and not re.fullmatch(r"[A-Z][a-z]?-\d+", word)


def to_latin(name: str) -> str:
    s = "".join(_FROM_CYR.get(ch, ch) for ch in name.lower())
    return " ".join(w[:1].upper() + w[1:] if not _keeps_latin(o) else w.upper() for w, o in zip(s.split(), name.split(), strict=False))


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
        return _unfolded(name, [form for form in row if not form[:1].islower()     # not a stem ("Грузи")
                                and not any(o != form and o.startswith(form) for o in row)])
    words = name.split()
    if len(words) > 3 or _INSTITUTION.search(name) or any(is_institution_word(w) for w in words):
        return []                 # organisations: the analyst adds their names in other languages
    forms = [words[-1]] if _person_like(words) and len(words[-1]) >= 4 and not is_geo_feature(words[-1]) else []
    script = script_of(name)
    for form in [name, *forms]:
        if script == "latin":
            cyr = to_cyrillic(form)
            forms.append(cyr)
            russian = russian_armenian(form)        # Sahakyan ~ Саакян: Russian drops the h
            if russian:
                forms.append(russian)
            last = form.split()[-1].lower()
            if last.startswith("h") and cyr.split()[-1].startswith("Х"):   # Russian writes Azerbaijani H as Г:
                # Hajiyev ~ Гаджиев; never Kh or X (Khurvaleti is Хурвалети, Xankəndi Ханкенди)
                forms.append(" ".join([*cyr.split()[:-1], "Г" + cyr.split()[-1][1:]]))
        elif script == "armenian":
            russian = russian_armenian(armenian_to_latin(form))   # Սահակյան ~ Саакян
            if russian:
                forms.append(russian)
        elif script == "cyrillic":
            lat = to_latin(form)
            forms.append(lat)
            last = lat.split()[-1]                # Гаджиев ~ Hajiyev, Гасанов ~ Hasanov, Гусейнов ~ Huseynov
            if last.startswith("G") and last.endswith(("ev", "ov", "li", "zade")) and len(last) > 5:
                forms.append(" ".join([*lat.split()[:-1], "H" + last[1:].replace("dzh", "j")]))
    return _unfolded(name, forms + western_forms(words[-1] if len(words) > 1 else name))


_TO_GERMAN = (("shch", "schtsch"), ("zh", "sch"), ("sh", "sch"), ("kh", "ch"), ("ch", "tsch"), ("j", "dsch"),
              ("ş", "sch"), ("ç", "tsch"), ("c", "dsch"), ("x", "ch"), ("v", "w"), ("z", "s"), ("ğ", "g"),
              ("ı", "y"), ("ə", "e"))
_TO_FRENCH = (("shch", "chtch"), ("zh", "j"), ("sh", "ch"), ("ch", "tch"), ("j", "dj"), ("ş", "ch"), ("ç", "tch"),
              ("c", "dj"), ("x", "kh"), ("u", "ou"), ("ğ", "gh"), ("ı", "y"), ("ə", "a"))


def _respell(name: str, table: Sequence[tuple[str, str]], y_to: str | None = None) -> str:
    """``name`` rewritten by ``table`` (longest listed spelling first, letters not in it kept), each
    word capitalised; with ``y_to``, a y before a vowel becomes ``y_to`` (French/German 'i', 'j')."""
    out, s, i = [], name.lower(), 0
    while i < len(s):
        if y_to is not None and s[i] == "y" and i + 1 < len(s) and s[i + 1] in "aeiou":
            out.append(y_to)
            i += 1
            continue
        for a, b in table:
            if s.startswith(a, i):
                out.append(b)
                i += len(a)
                break
        else:
            out.append(s[i])
            i += 1
    return " ".join(w[:1].upper() + w[1:] for w in "".join(out).split())


def western_forms(name: str) -> list[str]:
    """German and French spellings of a Latin name ("Jermuk" -> "Dschermuk", "Djermouk"), or the
    usual spelling of a German one ("Paschinjan" -> "Pashinyan", "Peskow" -> "Peskov")."""
    if script_of(name) != "latin" or any(c.isdigit() for c in name) or _keeps_latin(name):
        return []
    low = name.lower()
    if "sch" in low or re.search(r"(ow|ew|jan|jew)\b", low):
        out = low
        for a, b in (("tsch", "ch"), ("dsch", "j"), ("sch", "sh"), ("ja", "ya"), ("je", "ye"), ("ju", "yu"),
                     ("w", "v")):
            out = out.replace(a, b)
        return [" ".join(w[:1].upper() + w[1:] for w in out.split())]
    if "ou" in low:
        return []                                  # already French
    return [_respell(name, _TO_GERMAN, "j"), _respell(name, _TO_FRENCH, "i")]


def _unfolded(name: str, forms: list[str]) -> list[str]:
    """The forms the matcher's folding does not already find: "Нагиев" for "Naghiyev" folds the
    same and is left out, "Гаджиев" for "Hajiyev" is kept; a person's surname alone is derived."""
    words = name.split()
    seen = {fold(name)}
    if 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not _INSTITUTION.search(name) \
            and len(words[-1]) >= 4 and not is_geo_feature(words[-1]):
        seen.add(fold(words[-1]))
    out = []
    for form in forms:
        if fold(form) not in seen:
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
müşavir katib sədr rəhbər general müavin sözçü səfir nümayəndə baş rəsmi cumhurbaşkan bakan sözcü başkan
начальник руководител глава директор ministre porte-parole président minister sprecher präsident
rəis leytenant лейтенант գեներալ korgeneral tuğgeneral"""))
# Verbs of saying: their subject is the speaker of the statement.
_SPEECH = frozenset(_words("""said says stated states told called calls announced noted stressed added wrote
declared described dismissed dismisses assured clarified reported"""))
_SPEECH_PREFIXES = tuple(_words("""заяв сообщ отмет подчеркн написал назвал уточн bildir dey deyib qeyd açıqla
vurğula yazıb dedi belirt açıkla déclar a sagte erklärt"""))
# Words that open the claim clause after the denial or the verb of saying.
_CLAIM_MARKERS = frozenset(_words("""that claim claims claiming report reports reported allegation allegations
rumour rumours rumor rumors information news suggestion assertion statement statements что чтобы о об том
сообщения сообщение информацию информация утверждения слухи ki iddia iddiası iddiaları məlumat məlumatları
məlumatlar xəbərləri տեղեկությունները տեղեկություններ տեղեկությունը լուրերը լուրեր պնդումները"""))
_POSTPOSITIONS = frozenset(_words("barədə haqqında ilə bağlı hakkında"))
_MILITARY_PREFIX = frozenset(_words("air force forces navy army"))


def is_title(word: str) -> bool:
    """A title or function word ("Presidential", "aide", "Минобороны" is not one, "помощник" is)."""
    low = word.lower().rstrip(".")
    if "lığ" in low or "liğ" in low or "luğ" in low or "lüğ" in low or low.startswith("посольств"):
        return False                       # Bakanlığı (ministry), Başkanlığı (presidency)
    return low in _TITLE_WORDS or low in ("nazir", "naziri", "nazirin") or (len(low) > 3 and low.startswith(_TITLE_PREFIXES))


def _is_speech(word: str) -> bool:
    low = word.lower()
    return low in _SPEECH or (len(low) > 4 and low.startswith(_SPEECH_PREFIXES) and script_of(word) != "latin"
                              ) or low in ("bildirib", "deyib", "qeyd", "açıqlayıb", "vurğulayıb", "belirtti")


def _person_like(words: list[str]) -> bool:
    return (2 <= len(words) <= 3 and all(w[:1].isupper() and not is_title(w) for w in words)
            and not _INSTITUTION.search(" ".join(words)) and not any(_NATIONALITY.match(w) for w in words)
            and not any(is_institution_word(w) or is_acronym(w) or fold(w) in _COMMON_PLACES for w in words))


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name


# Words that mark the name next to them as a place (a village, a district, an airport): the name
# becomes a claim entity; these words are no claim terms of their own and no part of the name.
_PLACE_WORDS = tuple(_words("""village villages district region town city province settlement port harbour harbor liman порт նավահանգիստ
kənd rayon şəhər qəsəbə bölgə ərazi köy ilçe il şehir kasaba bölge
село селе сел деревн район город посёлк поселк област
գյուղ շրջան քաղաք մարզ
dorf stadt bezirk gemeinde flughafen région district ville"""))


def is_place_word(word: str) -> bool:
    low = word.lower()
    return any(low == w or (len(w) >= 3 and low.startswith(w) and len(low) - len(w) <= 5) for w in _PLACE_WORDS)


# Heads and stems of institution names in the monitored languages (lower case prefixes) and
# the usual abbreviations: an institution is a speaker, never a person to transliterate.
_INSTITUTION_STEMS = tuple(_words("""ministry ministries ministère ministerium außenministerium
verteidigungsministerium service office agency committee council department presidency administration
government embassy kreml кремл министерств минобороны мид служб ведомств администрац аппарат правительств посольств
комитет совет управлен nazirliy xidmət komitə şura idarə aparat administrasiya agentliy səfirliy
bakanlığ başkanlığ cumhurbaşkanlığ dışişleri müsteşarlığ nazirlik
նախարարություն ծառայություն գրասենյակ վարչակազմ կառավարություն դեսպանատ կոմիտե խորհուրդ"""))
_INSTITUTION_ACRONYMS = frozenset(_words("""MFA MOD MoD SSS NSS DTX XİN MN MİT ФСБ СГБ СВР МИД МО КГБ ГКНБ
ԱԳՆ ՊՆ ԱԱԾ ԱԴԾ ՀՀ"""))


def is_institution_word(word: str) -> bool:
    low = word.lower().strip("-")
    base = word.split("-")[0]
    return (base in _INSTITUTION_ACRONYMS or any(low.startswith(s) for s in _INSTITUTION_STEMS)
            or (len(low) > 8 and low.endswith(("ministerium", "ministère", "nazirliyi"))))


def is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return 2 <= len(letters) <= 6 and all(c.isupper() for c in letters)


# Usual names of a country's ministries and security service: (kind, detector, forms with {X} for
# the country's English adjective, {R} Russian genitive, {A} Azerbaijani, {T} Turkish, {H} Armenian).
_INSTITUTION_KINDS: list[tuple[str, re.Pattern[str], list[str]]] = [
    ("foreign", re.compile(r"foreign|affaires étrangères|ausw|außenminist|иностранных|\bмид\b|xarici|"
                           r"\bxin\b|dışişleri|\bmfa\b|արտաքին|ագն", re.IGNORECASE),
     ["{X} Foreign Ministry", "{C} Foreign Ministry", "{X} MFA", "МИД {R}", "{A} XİN", "{A} Xarici İşlər Nazirliyi",
      "{T} Dışişleri Bakanlığı", "{H} ԱԳՆ", "{H} արտաքին գործերի նախարարություն"]),
    ("defence", re.compile(r"defen[cs]e|défense|verteidigung|обороны|müdafiə|savunma|պաշտպանության|"
                           r"\bmod\b|\bпн\b|\bՊՆ\b", re.IGNORECASE),
     ["{X} Defence Ministry", "{C} Defence Ministry", "{X} Defense Ministry", "{X} MoD", "Минобороны {R}",
      "Министерство обороны {R}", "{A} Müdafiə Nazirliyi", "{T} Savunma Bakanlığı", "{H} ՊՆ",
      "{H} պաշտպանության նախարարություն"]),
    ("security", re.compile(r"security service|безопасности|təhlükəsizli|güvenlik|անվտանգության|"
                            r"\bsss\b|\bnss\b|\bdtx\b|\bсгб\b|\bԱԱԾ\b", re.IGNORECASE),
     ["{X} security service", "{X} State Security Service", "{X} National Security Service",
      "служба безопасности {R}", "СГБ {R}", "СНБ {R}", "{A} Dövlət Təhlükəsizliyi Xidməti", "{A} DTX",
      "{H} ԱԱԾ", "{H} ազգային անվտանգության ծառայություն"]),
    ("government", re.compile(r"government|правительств|hökumət|hükümet|կառավարություն|gouvernement|regierung",
                              re.IGNORECASE),
     ["{X} government", "Government of {C}", "Правительство {R}", "{A} hökuməti", "{T} hükümeti",
      "{H} կառավարություն"]),
    ("embassy", re.compile(r"embassy|посольств|səfirliy|büyükelçiliğ|դեսպանատ|ambassade|botschaft", re.IGNORECASE),
     ["{X} embassy", "Embassy of {C}", "Посольство {R}", "{A} səfirliyi", "{T} Büyükelçiliği", "{H} դեսպանատուն"]),
]
# The country forms used in those names: adjective, Russian genitive base, az, tr, hy genitive.
_COUNTRY_FORMS = {
    "Azerbaijan": ("Azerbaijani", "Азербайджан", "Azərbaycan", "Azerbaycan", "Ադրբեջանի"),
    "Armenia": ("Armenian", "Армения", "Ermənistan", "Ermenistan", "Հայաստանի"),
    "Russia": ("Russian", "Россия", "Rusiya", "Rusya", "Ռուսաստանի"),
    "Georgia": ("Georgian", "Грузия", "Gürcüstan", "Gürcistan", "Վրաստանի"),
    "Turkey": ("Turkish", "Турция", "Türkiyə", "Türkiye", "Թուրքիայի"),
    "Iran": ("Iranian", "Иран", "İran", "İran", "Իրանի"),
}


def country_of(words: list[str]) -> str | None:
    """The country named in ``words`` (any language, any case form, or the adjective), if any."""
    for w in words:
        if w.upper() in ("ՀՀ", "РА"):
            return "Armenia"
        key = fold(w)
        for country in _COUNTRY_FORMS:
            row = _PLACE_ROWS.get(fold(country)) or []
            if any(len(fold(f)) >= 4 and key.startswith(fold(f)) and len(key) - len(fold(f)) <= 8 for f in row):
                return country
    return None


def institution_aliases(name: str, context: list[str]) -> list[str]:
    """Names of the same institution in the monitored languages ("МИД Грузии" -> "Georgian
    Foreign Ministry", "Gürcüstan XİN" ...), when its kind and country can be told."""
    country = country_of(name.split()) or country_of(context)
    kind = next((forms for _, pattern, forms in _INSTITUTION_KINDS if pattern.search(name)), None)
    if country is None or kind is None:
        return []
    adj, ru, az, tr, hy = _COUNTRY_FORMS[country]
    out = [f.format(X=adj, C=country, R=ru, A=az, T=tr, H=hy) for f in kind]
    if country == "Armenia":
        out += [f.replace("Հայաստանի", "ՀՀ") for f in out if f.startswith("Հայաստանի")]
    return [a for a in out if fold(a) != fold(name)]


def place_adjective(word: str) -> str | None:
    """The country of a lower-case nationality adjective in any monitored language ("syriens",
    "georgische", "армянских", "erməni"), if ``word`` is one."""
    if not word[:1].islower() or len(word) < 4:
        return None
    key = fold(word)
    for country, row in ((r[0], r) for r in _GAZETTEER):
        for form in row:
            f = fold(form)
            if ((form[:1].islower() or len(f) >= 5) and key.startswith(f) and len(key) - len(f) <= 6
                    and (len(f) >= 5 or key == f)):
                return country
    return None


# Geographic features: "the Georgian Black Sea port of Poti" describes the port, it names no claim
# component of its own; one of these words is never an alias by itself ("Sea").
_GEO_FEATURES = frozenset(_words("""sea ocean gulf bay lake river mountains mountain range coast strait
peninsula valley basin highlands plateau море моря озеро река залив побережье dənizi dəniz gölü çayı
körfəzi denizi gölü nehri ծով ծովի լիճ գետ mer lac fleuve golfe meer see fluss"""))
# Heads of generic military and state bodies: a claim person's affiliation ("deputy chief of the
# General Staff of the Armenian Armed Forces"), never a claim name of its own (lower-case prefixes).
_ORG_HEADS = tuple(_words("""staff forces force army armies navy troops guard guards police military command
headquarters brigade division battalion regiment corps parliament cabinet directorate генштаб штаб войск
силы сил армия армии полици гвардия qərargah qüvvələr ordu polis genelkurmay kuvvetler շտաб շտաբ ուժեր
բանակ ոստիկանութ état-major armée forces streitkräfte generalstab heer"""))
# Words of an administrative unit: "the village of Tigranashen in Ararat province" - the province
# only locates the village.
_ADMIN_UNITS = frozenset(_words("""province region district oblast marz governorate county rayon rayonu
bölgəsi vilayəti il ilçe область области район района марз մարզ մարզի շրջան province région bezirk"""))
# Prepositions that make a country the origin, destination, route or counterpart of the claimed event
# ("bound for Armenia", "from Iran", "to Azerbaijan"), not just where it happened.
_DIRECTIONAL = frozenset(_words("""to for from into towards toward through via with against between
из от для через к ко с со между против vers depuis pour avec contre nach aus für durch mit gegen"""))
# Case endings with the same meaning (dative, ablative, directional): Azərbaycana, İrandan, Ադրբեջանին
_DIRECTIONAL_ENDINGS = ("a", "ə", "ya", "yə", "e", "ye", "dan", "dən", "den", "tan", "tən", "ten", "nan",
                        "nən", "ից", "ին", "ու", "у", "ю")


def is_geo_feature(word: str) -> bool:
    return word.lower() in _GEO_FEATURES


def is_org_head(word: str) -> bool:
    low = word.lower()
    return any(low.startswith(h) and len(low) - len(h) <= 3 for h in _ORG_HEADS)


_CAPITAL_OF = {"Baku": "Azerbaijan", "Yerevan": "Armenia", "Moscow": "Russia", "Tbilisi": "Georgia",
               "Ankara": "Turkey", "Tehran": "Iran"}


def own_country(words: list[str]) -> str | None:
    """The country of a speaker from the words naming or locating it ("Georgian Foreign Ministry",
    "Speaking in Baku")."""
    found = country_of(words)
    if found:
        return found
    for w in words:
        row = _PLACE_ROWS.get(fold(w.strip(",.")))
        if row and row[0] in _CAPITAL_OF:
            return _CAPITAL_OF[row[0]]
    return None


_ARMENIAN_LATIN = {"ա": "a", "բ": "b", "գ": "g", "դ": "d", "ե": "e", "զ": "z", "է": "e", "ը": "e", "թ": "t",
                   "ժ": "zh", "ի": "i", "լ": "l", "խ": "kh", "ծ": "ts", "կ": "k", "հ": "h", "ձ": "dz", "ղ": "gh",
                   "ճ": "ch", "մ": "m", "յ": "y", "ն": "n", "շ": "sh", "ո": "o", "չ": "ch", "պ": "p", "ջ": "j",
                   "ռ": "r", "ս": "s", "վ": "v", "տ": "t", "ր": "r", "ց": "ts", "փ": "p", "ք": "k",
                   "օ": "o", "ֆ": "f", "և": "ev"}


def armenian_to_latin(name: str) -> str:
    """A Latin spelling of an Armenian-script name ("Աշոտ Սահակյան" -> "Ashot Sahakyan")."""
    s = name.lower().replace("ու", "u").replace("ւ", "v")
    s = re.sub(r"(^|\s)ե", r"\1ye", s)
    s = re.sub(r"(^|\s)ո", r"\1vo", s)
    out = "".join(_ARMENIAN_LATIN.get(c, c) for c in s)
    return " ".join(w[:1].upper() + w[1:] for w in out.split())


def is_admin_unit(word: str) -> bool:
    return word.lower() in _ADMIN_UNITS


# Countries of the gazetteer (its first rows), for telling a country actor from a background country.
_COUNTRY_ROWS = [row for row in _GAZETTEER if row[0] in ("Azerbaijan", "Armenia", "Russia", "Georgia",
                                                           "Turkey", "Iran", "Syria", "Ukraine")]


_SHORT_ENDINGS = frozenset(_words("a e i u dan den nan in un da de ի ին ից ում ը"))


def country_mention(word: str) -> tuple[str, str, bool] | None:
    """The country ``word`` names or qualifies in any monitored language, the ending after the form
    found, and whether it is an adjective ("Iranian", "сирийские", "erməni"), if it is one."""
    key = fold(word)
    best: tuple[int, str, str, bool] | None = None
    for row in _COUNTRY_ROWS:
        for k, form in enumerate(row):
            f = fold(form)
            if len(f) >= 4 and key.startswith(f) and len(key) - len(f) <= 6 and (
                    len(f) >= 5 or key == f or key[len(f):] in _SHORT_ENDINGS):
                adjective = form[:1].islower() or k == 1 or bool(_NATIONALITY.match(word))
                if best is None or len(f) > best[0]:
                    best = (len(f), row[0], key[len(f):], adjective)
    if best is None:
        return None
    _, country, ending, adjective = best
    if ending.endswith(("n", "ns")) and not adjective and word.lower().endswith(("ian", "ians", "ns")):
        adjective = True                           # Armenians, Syrians
    return country, ending, adjective


def directional_ending(word: str, country: str) -> bool:
    """Whether a country's case ending marks origin or destination ("Azərbaycana", "İrandan")."""
    for form in sorted((f for row in _COUNTRY_ROWS if row[0] == country for f in row), key=len, reverse=True):
        if word.lower().startswith(form.lower()) and len(word) > len(form):
            rest = word[len(form):].lower().lstrip("'’")
            return rest in _DIRECTIONAL_ENDINGS
    return False


def russian_armenian(name: str) -> str | None:
    """The Russian spelling of an Armenian name written in Latin letters ("Sahakyan" -> "Саакян",
    "Harutyunyan" -> "Арутюнян", "Hovhannisyan" -> "Оганнисян"): Russian drops h at the start of
    a word and between vowels, writes vh as г; None when the name is not Armenian."""
    words = name.split()
    if not words or not re.search(r"(yan|ian|yants|unts)$", words[-1].lower()):
        return None
    out = []
    for w in words:
        s = w.lower()
        s = re.sub(r"^h(?=[aeiouy])", "", s)
        s = re.sub(r"(?<=[aeiou])h(?=[aeiouy])", "", s)
        s = s.replace("vh", "g")
        out.append(to_cyrillic(s) if s else w)
    return " ".join(out)
