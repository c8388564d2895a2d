"""Built-in cue lexicons: denial, hedging, neutral, insisting and concessive wording per language.

Entries are phrases in the query syntax of one language each (``refut*`` = prefix; plain words
tolerate inflectional endings). A denial's own ``cues.denial`` / ``cues.hedge`` extend them.
"""

from __future__ import annotations

# Wording that presents a claim as false, denied or refuted.
DENIAL: dict[str, list[str]] = {
    "en": ["deny", "denies", "denied", "denying", "denial*", "refut*", "reject*", "rebut*", "debunk*",
           "dismiss* as", "dismiss* the report*", "dismiss* reports", "dismiss* the claim*",
           "dismiss* claims", "dismiss* rumo*", "false", "falsehood*", "fake", "untrue", "not true",
           "no truth", "groundless", "baseless", "unfounded", "without foundation", "fabricat*",
           "disinformation", "misinformation", "lie", "lies", "hoax", "nonsense", "never happened",
           "did not happen", "didn't happen", "did not take place", "didn't take place",
           "never took place", "no such", "not correspond to reality", "not reflect reality",
           "not reflect the reality", "far from the truth", "not held", "categorically",
           "there was no", "were no", "was no", "no evidence", "no proof", "not supported by evidence", "canard", "planted story", "pure speculation", "mere speculation",
           "does not exist", "no such agreement", "there is no"],
    "ru": ["опроверг*", "опровержени*", "отрица*", "отверг*", "отвергл*", "не соответству* действительности",
           "не соответству* реальности", "ложь", "ложн*", "фейк*", "дезинформаци*", "беспочвенн*",
           "безосновательн*", "необоснованн*", "выдум*", "вымысел", "вымысл*", "не было", "не состоял*",
           "не проводил*", "не имеет ничего общего с действительностью", "неправд*", "провокаци*",
           "не соответствуют действительности",
           "нет доказательств", "нет никаких доказательств", "вброс*", "фальшивк*", "не существует"],
    "az": ["təkzib*", "yalan*", "həqiqəti əks etdirmir", "həqiqəti əks etdirməyən", "reallığı əks etdirmir",
           "gerçəkliyi əks etdirmir", "əsassız*", "saxta*", "dezinformasiya*", "uydurma*", "baş tutmayıb", "reallıqla səsləşmir", "həqiqətə uyğun deyil", "doğru deyil",
           "yanlış*", "rədd edib", "rədd etdi", "inkar*", "sübut yoxdur", "feyk*",
           "mövcud deyil", "qəbul etmir", "qəbul etməyib"],
    "hy": ["հերք*", "կեղծ*", "սուտ", "ստախոս*", "չի համապատասխանում իրականությանը", "անհիմն*",
           "ապատեղեկատվ*", "ֆեյք*", "չի կայացել", "տեղի չի ունեցել", "չեն համապատասխանում", "հորինված*",
           "չկա", "գոյություն չունի"],
    "fr": ["dément*", "démenti*", "faux", "fausse*", "infondé*", "sans fondement", "réfut*", "rejet*",
           "rejette", "ne correspond pas à la réalité", "désinformation", "fake news", "mensong*",
           "n'a pas eu lieu", "inexact*", "aucune preuve",
           "n'existe pas"],
    "de": ["dementi*", "bestreit*", "bestritt*", "zurückgewiesen", "weist zurück", "wies zurück",
           "falsch*", "unwahr*", "haltlos*", "unbegründet*", "Falschmeldung*", "Desinformation",
           "entspricht nicht der Wahrheit", "Lüge*", "nicht stattgefunden", "keine Beweise",
           "gibt es nicht", "gebe es nicht", "existiert nicht"],
    "tr": ["yalanla*", "asılsız", "gerçeği yansıtmı*", "gerçeği yansıtma*", "doğru değil", "sahte*",
           "dezenformasyon*", "reddetti", "reddediyor", "iftira*", "uydurma*", "gerçek dışı", "kanıt yok",
           "kabul etmedi", "kabul etmiyor"],
    "ar": ["نفى", "نفت", "ينفي", "تنفي", "نفي", "كاذب", "كاذبة", "عار عن الصحة", "عارية عن الصحة",
           "لا أساس له", "لا أساس لها", "غير صحيح", "غير صحيحة", "تضليل", "مفبرك", "مفبركة", "أكاذيب"],
    "ka": ["უარყო*", "ტყუილი", "სიცრუე", "დეზინფორმაცი*"],
}

# Plain negation: a denial cue only together with the denying official as speaker.
NEGATION: dict[str, list[str]] = {
    "en": ["no", "not", "never", "nothing", "none"],
    "ru": ["нет", "не", "никак*", "ни", "никогда"],
    "az": ["yox", "deyil", "heç", "olmayıb", "olmadı", "olmadığını", "baş tutmadığını"],
    "hy": ["չի", "չէ", "ոչ", "չեն", "չկա", "չեղավ"],
    "fr": ["pas", "aucun*", "jamais"],
    "de": ["nicht", "kein*", "nie"],
    "tr": ["değil", "yok", "hiç", "olmadığını", "gerçekleşmediğini"],
    "ar": ["لا", "لم", "ليس", "لن"],
}

# Hedging: the claim relayed without endorsement (lowers a contradict score).
HEDGE: dict[str, list[str]] = {
    "en": ["allegedly", "alleged", "reportedly", "purported*", "supposedly", "rumour*", "rumor*",
           "unconfirmed", "unverified", "so-called", "sources say", "according to sources"],
    "ru": ["якобы", "предположительно", "по слухам", "слух*", "по неподтвержденным", "так называем*"],
    "az": ["guya", "iddia*", "şayiə*", "ehtimal*", "sözdə"],
    "hy": ["իբր", "ենթադրաբար", "լուր*", "խոսակց*"],
    "fr": ["prétendu*", "présumé*", "supposé*", "rumeur*", "aurait", "auraient"],
    "de": ["angeblich*", "mutmaßlich*", "Gerücht*", "soll", "sollen"],
    "tr": ["güya", "sözde", "söylenti*", "iddia*"],
    "ar": ["مزعوم", "مزعومة", "يزعم", "مزاعم", "شائعات", "زعم"],
}

# Neutral framing: the item is about the claim but takes no side.
NEUTRAL: dict[str, list[str]] = {
    "en": ["disagree*", "dispute*", "conflicting", "contradictory", "remains unclear", "unclear whether",
           "could not be verified", "could not be independently verified", "whether", "talking point",
           "two versions", "versions", "what we know", "what is known", "explainer", "debate*",
           "controvers*", "row over", "interpretations", "how the sides", "both sides",
           "either way", "neither account", "neither side", "remains unknown", "open question",
           "question remains", "opposing accounts", "different accounts", "differing accounts",
           "accounts differ", "whether or not", "unproven", "cannot be confirmed", "could not be confirmed",
           "cannot be verified", "can not be verified", "competing claims", "competing accounts",
           "competing versions", "differently", "which version", "one version", "matter of speculation", "subject of speculation",
           "no independent confirmation", "independent verification", "unanswered", "word against word",
           "claim and counter-claim", "claims and counter-claims"],
    "ru": ["разноглас*", "противоречив*", "не удалось проверить", "неясно", "спорн*", "спор",
           "споры", "расход*", "верси*", "что известно", "дискусси*", "трактов*", "трактуют",
           "интерпретаци*", "остается открытым", "неизвестно", "ли", "по-разному", "разные версии",
           "кто прав", "не берутся судить", "невозможно проверить", "не подтвержден*",
           "слово против слова"],
    "az": ["fikir ayrılığı", "mübahisə*", "ziddiyyətli", "aydın deyil", "versiya*", "müzakirə*",
           "açıq qalır", "məlum deyil", "mövqeləri fərqli*", "fərqli versiya*", "fərqli açıqlama*",
           "fərqli mövqe*", "təsdiqlənməyib", "yoxlamaq mümkün", "nə məlumdur", "nələr məlumdur"],
    "hy": ["հակասական", "անհայտ", "վարկած*", "բանավեճ*", "տարբերակ*", "արդյոք",
           "հնարավոր չէ ստուգել", "չի հաստատվել", "ինչ է հայտնի"],
    "fr": ["désaccord*", "contradictoire*", "controvers*", "discorde", "versions", "polémique*",
           "invérifiable*", "impossible à vérifier", "non confirmé*", "ce que l'on sait", "ce que l on sait",
           "ce que nous savons"],
    "de": ["umstritten*", "widersprüchlich*", "Streit", "Versionen", "ob", "ungeklärt",
           "nicht überprüf*", "Darstellungen", "unabhängige Belege", "Aussage gegen Aussage",
           "was bekannt ist", "was wir wissen"],
    "tr": ["çelişkili", "çelişen", "anlaşmazlık*", "tartışma*", "versiyon*", "olup olmadığı*",
           "farklı açıklama*", "doğrulanama*", "teyit edilemedi", "neler biliniyor", "ne biliniyor"],
    "ar": ["متضارب*", "خلاف", "جدل", "روايتين", "روايات", "ما إذا", "لا يمكن التحقق", "ما نعرفه"],
}

# The claimant insisting: restating the claim against the denial.
INSIST: dict[str, list[str]] = {
    "en": ["insist*", "maintain*", "stands by", "stood by", "reiterat*", "reaffirm*", "doubled down"],
    "ru": ["настаива*", "настоял*", "повтори*", "подтверди*", "подтвержда*"],
    "az": ["israr*", "təkid*", "təsdiqlə*"],
    "hy": ["պնդ*", "հաստատ*"],
    "fr": ["insist*", "maintient", "réaffirm*"],
    "de": ["beharr*", "bekräftig*", "bleibt dabei"],
    "tr": ["ısrar*", "yineledi", "tekrarladı"],
    "ar": ["يصر", "أصر", "أكد", "يؤكد"],
}

# Concessive markers: a denial cue after one of these is overridden ("despite the denial").
DESPITE: dict[str, list[str]] = {
    "en": ["despite", "in spite of", "notwithstanding", "regardless of", "even though", "although"],
    "ru": ["несмотря на", "вопреки"],
    "az": ["baxmayaraq", "rəğmən"],
    "hy": ["չնայած", "հակառակ"],
    "fr": ["malgré", "en dépit"],
    "de": ["trotz", "ungeachtet"],
    "tr": ["rağmen", "karşın"],
    "ar": ["رغم", "بالرغم", "على الرغم"],
}

# Relative-clause openers: a denial inside such a clause is background, not the item's stance.
RELATIVE: dict[str, list[str]] = {
    "en": ["which", "who"],
    "ru": ["котор*"],
    "az": ["hansı ki"],
    "hy": ["որը", "ինչը", "որոնք"],
    "fr": ["qui", "que", "dont"],
    "de": ["welche*"],
    "tr": ["ki"],
    "ar": ["التي", "الذي"],
}

# Denial nouns: a denial that can itself be rejected ("rejects Ankara's denial").
DENIAL_NOUN: dict[str, list[str]] = {
    "en": ["denial*", "rebuttal*", "refutation*"],
    "ru": ["опровержени*", "отрицани*"],
    "az": ["təkzib*"],
    "hy": ["հերքում*"],
    "fr": ["démenti*"],
    "de": ["Dementi*"],
    "tr": ["yalanlama*"],
    "ar": ["نفي"],
}

# Words that reject or doubt something (before a denial noun: a counter-denial).
COUNTER: dict[str, list[str]] = {
    "en": ["reject*", "dismiss*", "refut*", "question*", "mock*", "ridicul*", "calls", "called",
           "unconvincing", "not convincing", "implausible", "mislead*", "absurd", "attempt to"],
    "ru": ["отверг*", "отвергл*", "высмея*", "неубедительн*", "назвал*", "абсурд*", "заблуждени*"],
    "az": ["rədd*", "inandırıcı deyil", "adlandır*", "absurd*", "çaşdır*"],
    "hy": ["մերժ*", "անհամոզիչ"],
    "fr": ["rejet*", "rejette", "peu convaincant*", "absurde*", "tromper"],
    "de": ["weist zurück", "wies zurück", "nicht überzeugend", "absurd*", "irreführ*"],
    "tr": ["reddet*", "inandırıcı değil", "saçma*", "yanılt*"],
    "ar": ["رفض", "يرفض", "غير مقنع"],
}

# Words that refer to a claim without stating it ("the reports", "the allegation").
REFERENCE: dict[str, list[str]] = {
    "en": ["claim*", "report*", "allegation*", "rumo*", "information", "statement*", "news", "story"],
    "ru": ["сообщени*", "информаци*", "заявлени*", "слух*", "утверждени*", "публикаци*", "новост*"],
    "az": ["iddia*", "xəbər*", "məlumat*", "şayiə*", "bəyanat*"],
    "hy": ["լուր*", "տեղեկատվ*", "պնդում*", "հայտարարություն*"],
    "fr": ["information*", "rumeur*", "affirmation*", "allégation*", "déclaration*"],
    "de": ["Bericht*", "Meldung*", "Behauptung*", "Information*"],
    "tr": ["haber*", "bilgi*", "iddia*", "açıklama*"],
    "ar": ["تقارير", "أنباء", "ادعاءات", "معلومات", "الأنباء", "التقارير"],
}

# Demonstratives that point back at a claim just reported ("This is disinformation").
DEMONSTRATIVE: dict[str, list[str]] = {
    "en": ["this", "these", "such"],
    "ru": ["это", "эта", "этот", "эти", "такой", "такая", "такие", "подобн*"],
    "az": ["bu", "həmin", "belə"],
    "hy": ["սա", "դա", "այդ", "այս", "նման"],
    "fr": ["cela", "ceci", "cette", "ces", "telle", "tels"],
    "de": ["das", "dies*", "solche*"],
    "tr": ["bu", "böyle"],
    "ar": ["هذا", "هذه", "ذلك", "تلك"],
}

# Speech verbs and attributions: who says what, for items that set two versions side by side.
SAY: dict[str, list[str]] = {
    "en": ["says", "said", "say", "claims", "claimed", "told", "tells", "according to", "holds",
           "contends", "asserts", "asserted"],
    "ru": ["говор*", "заявля*", "заявил*", "утвержда*", "сообщ*", "счита*", "по словам", "по данным",
           "пишут", "писали"],
    "az": ["deyib", "deyir", "bildirib", "bildirir", "açıqlayıb", "söyləyib", "qeyd edib", "yazır",
           "yazıb", "iddia edir", "iddia edib", "deyərkən", "bildirərkən", "söyləyərkən", "iddia edərkən"],
    "tr": ["söyledi", "söylüyor", "dedi", "diyor", "açıkladı", "belirtti", "söylerken", "derken",
           "açıklarken", "belirtirken", "iddia ederken", "göre"],
    "hy": ["ասում", "ասել", "հայտարար*", "նշել", "պնդում", "գրում", "ըստ"],
    "fr": ["affirme", "dit", "déclare", "assure", "selon", "soutient", "affirment", "disent", "présente",
           "présentent", "estime", "estiment", "parle de", "parlent de"],
    "de": ["sagt", "sagte", "sagen", "erklärt*", "behauptet", "behaupten", "zufolge", "laut", "berichten",
           "spricht von", "sprechen von", "wirft"],
    "ar": ["قال", "يقول", "تقول", "قالت", "أعلن", "أعلنت", "وفق", "حسب", "بحسب"],
}

# Conjunctions that open a contrasting clause ("..., while Baku says ...").
CONTRAST: dict[str, list[str]] = {
    "en": ["while", "whereas", "but", "however"],
    "ru": ["однако", "тогда как", "в то время как", "но"],
    "az": ["isə", "amma", "lakin", "ancaq", "deyərkən", "bildirərkən", "söyləyərkən", "iddia edərkən"],
    "tr": ["ise", "ama", "ancak", "fakat", "söylerken", "derken", "açıklarken", "belirtirken"],
    "hy": ["իսկ", "բայց", "սակայն"],
    "fr": ["mais", "tandis que", "alors que"],
    "de": ["aber", "während", "jedoch", "doch"],
    "ar": ["بينما", "لكن", "غير أن"],
}

# Words after a claim noun that spell out its content ("reports THAT its forces shelled ...",
# "сообщения ОБ обстреле"): the noun then refers to that content, not to the denial's claim.
CONTENT: dict[str, list[str]] = {
    "en": ["that", "about", "of", "on", "claiming", "saying", "alleging"],
    "ru": ["что", "о", "об", "про"],
    "uk": ["що", "про"],
    "fr": ["que", "qu", "sur"],
    "de": ["dass", "über", "wonach"],
    "ar": ["بأن", "حول", "عن"],
}
# Postpositions before a claim noun that do the same ("Füzuli ... barədə iddiaları").
CONTENT_BEFORE: dict[str, list[str]] = {
    "az": ["barədə", "haqqında", "ilə bağlı"],
    "tr": ["hakkında", "ilişkin", "dair", "ile ilgili"],
    "hy": ["մասին", "վերաբերյալ"],
}

LEXICONS: dict[str, dict[str, list[str]]] = {
    "denial": DENIAL, "negation": NEGATION, "hedge": HEDGE, "neutral": NEUTRAL,
    "insist": INSIST, "despite": DESPITE, "relative": RELATIVE, "denial_noun": DENIAL_NOUN,
    "counter": COUNTER, "reference": REFERENCE, "demonstrative": DEMONSTRATIVE,
    "say": SAY, "contrast": CONTRAST,
}
# CONTENT and CONTENT_BEFORE as plain lower-case words next to the noun (checked by surface, not
# through the cue automaton: they are among the commonest words of each language).
CONTENT_AFTER_WORDS = frozenset(w for words in CONTENT.values() for w in words)
CONTENT_BEFORE_WORDS = frozenset(p.split()[-1] for words in CONTENT_BEFORE.values() for p in words)
LANGUAGES = tuple(sorted({lang for lex in LEXICONS.values() for lang in lex}))
