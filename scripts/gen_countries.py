"""Append the countries that countries.yaml lacks, named in many languages from CLDR (run once by hand).

Usage: python scripts/gen_countries.py > rows.yaml   (needs Babel: ``pip install babel``; it is a
tool for whoever edits the data file, not a dependency of the package)

Each row follows the file's format: English name, English adjective, capital, then the country's
name in every language of LANGS and its capital where CLDR names it (the exemplar city of the
capital's time zone). Countries already in the file are skipped; review the output before pasting:
a form that is a common word of some language (see the file's header) is dropped by hand.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LANGS = ("en", "ru", "uk", "az", "tr", "hy", "ka", "fa", "ar", "he", "fr", "de", "es", "it", "pt", "el", "pl",
         "sr", "hu", "ro", "nl", "ja", "zh", "ko", "hi", "ur", "bg", "nb", "id", "sw", "cs", "sv", "sk", "ms")
# code: (English name, adjective, capital, time zone of the capital or "")
COUNTRIES = {
    "AF": ("Afghanistan", "Afghan", "Kabul", "Asia/Kabul"),
    "AL": ("Albania", "Albanian", "Tirana", "Europe/Tirane"),
    "DZ": ("Algeria", "Algerian", "Algiers", "Africa/Algiers"),
    "AO": ("Angola", "Angolan", "Luanda", "Africa/Luanda"),
    "AR": ("Argentina", "Argentine", "Buenos Aires", "America/Argentina/Buenos_Aires"),
    "AU": ("Australia", "Australian", "Canberra", ""),
    "AT": ("Austria", "Austrian", "Vienna", "Europe/Vienna"),
    "BH": ("Bahrain", "Bahraini", "Manama", "Asia/Bahrain"),
    "BD": ("Bangladesh", "Bangladeshi", "Dhaka", "Asia/Dhaka"),
    "BE": ("Belgium", "Belgian", "Brussels", "Europe/Brussels"),
    "BJ": ("Benin", "Beninese", "Porto-Novo", "Africa/Porto-Novo"),
    "BO": ("Bolivia", "Bolivian", "La Paz", "America/La_Paz"),
    "BA": ("Bosnia and Herzegovina", "Bosnian", "Sarajevo", "Europe/Sarajevo"),
    "BR": ("Brazil", "Brazilian", "Brasília", ""),
    "BG": ("Bulgaria", "Bulgarian", "Sofia", "Europe/Sofia"),
    "BI": ("Burundi", "Burundian", "Gitega", ""),
    "KH": ("Cambodia", "Cambodian", "Phnom Penh", "Asia/Phnom_Penh"),
    "CM": ("Cameroon", "Cameroonian", "Yaoundé", ""),
    "CA": ("Canada", "Canadian", "Ottawa", ""),
    "CF": ("Central African Republic", "Central African", "Bangui", "Africa/Bangui"),
    "TD": ("Chad", "Chadian", "N'Djamena", "Africa/Ndjamena"),
    "CL": ("Chile", "Chilean", "Santiago", "America/Santiago"),
    "CO": ("Colombia", "Colombian", "Bogotá", "America/Bogota"),
    "CD": ("Democratic Republic of the Congo", "Congolese", "Kinshasa", "Africa/Kinshasa"),
    "CG": ("Republic of the Congo", "Congolese", "Brazzaville", "Africa/Brazzaville"),
    "HR": ("Croatia", "Croatian", "Zagreb", "Europe/Zagreb"),
    "CU": ("Cuba", "Cuban", "Havana", "America/Havana"),
    "CY": ("Cyprus", "Cypriot", "Nicosia", "Asia/Nicosia"),
    "CZ": ("Czech Republic", "Czech", "Prague", "Europe/Prague"),
    "DK": ("Denmark", "Danish", "Copenhagen", "Europe/Copenhagen"),
    "DJ": ("Djibouti", "Djiboutian", "Djibouti", "Africa/Djibouti"),
    "EC": ("Ecuador", "Ecuadorian", "Quito", ""),
    "SV": ("El Salvador", "Salvadoran", "San Salvador", "America/El_Salvador"),
    "EE": ("Estonia", "Estonian", "Tallinn", "Europe/Tallinn"),
    "FI": ("Finland", "Finnish", "Helsinki", "Europe/Helsinki"),
    "GA": ("Gabon", "Gabonese", "Libreville", "Africa/Libreville"),
    "GH": ("Ghana", "Ghanaian", "Accra", "Africa/Accra"),
    "GR": ("Greece", "Greek", "Athens", "Europe/Athens"),
    "GT": ("Guatemala", "Guatemalan", "Guatemala City", "America/Guatemala"),
    "GN": ("Guinea", "Guinean", "Conakry", "Africa/Conakry"),
    "HT": ("Haiti", "Haitian", "Port-au-Prince", "America/Port-au-Prince"),
    "HN": ("Honduras", "Honduran", "Tegucigalpa", "America/Tegucigalpa"),
    "HU": ("Hungary", "Hungarian", "Budapest", "Europe/Budapest"),
    "ID": ("Indonesia", "Indonesian", "Jakarta", "Asia/Jakarta"),
    "IQ": ("Iraq", "Iraqi", "Baghdad", "Asia/Baghdad"),
    "IE": ("Ireland", "Irish", "Dublin", "Europe/Dublin"),
    "IT": ("Italy", "Italian", "Rome", "Europe/Rome"),
    "CI": ("Ivory Coast", "Ivorian", "Yamoussoukro", ""),
    "JO": ("Jordan", "Jordanian", "Amman", "Asia/Amman"),
    "KZ": ("Kazakhstan", "Kazakh", "Astana", ""),
    "KE": ("Kenya", "Kenyan", "Nairobi", "Africa/Nairobi"),
    "XK": ("Kosovo", "Kosovar", "Pristina", ""),
    "KW": ("Kuwait", "Kuwaiti", "Kuwait City", ""),
    "KG": ("Kyrgyzstan", "Kyrgyz", "Bishkek", "Asia/Bishkek"),
    "LA": ("Laos", "Lao", "Vientiane", "Asia/Vientiane"),
    "LV": ("Latvia", "Latvian", "Riga", "Europe/Riga"),
    "LY": ("Libya", "Libyan", "Tripoli", "Africa/Tripoli"),
    "LT": ("Lithuania", "Lithuanian", "Vilnius", "Europe/Vilnius"),
    "MG": ("Madagascar", "Malagasy", "Antananarivo", "Indian/Antananarivo"),
    "MW": ("Malawi", "Malawian", "Lilongwe", ""),
    "MY": ("Malaysia", "Malaysian", "Kuala Lumpur", "Asia/Kuala_Lumpur"),
    "MR": ("Mauritania", "Mauritanian", "Nouakchott", "Africa/Nouakchott"),
    "MX": ("Mexico", "Mexican", "Mexico City", "America/Mexico_City"),
    "MN": ("Mongolia", "Mongolian", "Ulaanbaatar", "Asia/Ulaanbaatar"),
    "ME": ("Montenegro", "Montenegrin", "Podgorica", "Europe/Podgorica"),
    "MA": ("Morocco", "Moroccan", "Rabat", ""),
    "MZ": ("Mozambique", "Mozambican", "Maputo", "Africa/Maputo"),
    "MM": ("Myanmar", "Burmese", "Naypyidaw", ""),
    "NA": ("Namibia", "Namibian", "Windhoek", "Africa/Windhoek"),
    "NP": ("Nepal", "Nepali", "Kathmandu", "Asia/Kathmandu"),
    "NL": ("Netherlands", "Dutch", "Amsterdam", "Europe/Amsterdam"),
    "NZ": ("New Zealand", "New Zealand", "Wellington", ""),
    "NI": ("Nicaragua", "Nicaraguan", "Managua", "America/Managua"),
    "NG": ("Nigeria", "Nigerian", "Abuja", ""),
    "MK": ("North Macedonia", "Macedonian", "Skopje", "Europe/Skopje"),
    "NO": ("Norway", "Norwegian", "Oslo", "Europe/Oslo"),
    "OM": ("Oman", "Omani", "Muscat", "Asia/Muscat"),
    "PS": ("Palestine", "Palestinian", "Ramallah", ""),
    "PA": ("Panama", "Panamanian", "Panama City", "America/Panama"),
    "PY": ("Paraguay", "Paraguayan", "Asunción", "America/Asuncion"),
    "PE": ("Peru", "Peruvian", "Lima", "America/Lima"),
    "PH": ("Philippines", "Philippine", "Manila", "Asia/Manila"),
    "PL": ("Poland", "Polish", "Warsaw", "Europe/Warsaw"),
    "PT": ("Portugal", "Portuguese", "Lisbon", "Europe/Lisbon"),
    "RO": ("Romania", "Romanian", "Bucharest", "Europe/Bucharest"),
    "RW": ("Rwanda", "Rwandan", "Kigali", "Africa/Kigali"),
    "SN": ("Senegal", "Senegalese", "Dakar", "Africa/Dakar"),
    "SL": ("Sierra Leone", "Sierra Leonean", "Freetown", "Africa/Freetown"),
    "SG": ("Singapore", "Singaporean", "Singapore", "Asia/Singapore"),
    "SK": ("Slovakia", "Slovak", "Bratislava", "Europe/Bratislava"),
    "SI": ("Slovenia", "Slovenian", "Ljubljana", "Europe/Ljubljana"),
    "SO": ("Somalia", "Somali", "Mogadishu", "Africa/Mogadishu"),
    "ZA": ("South Africa", "South African", "Pretoria", ""),
    "SS": ("South Sudan", "South Sudanese", "Juba", "Africa/Juba"),
    "LK": ("Sri Lanka", "Sri Lankan", "Colombo", "Asia/Colombo"),
    "SD": ("Sudan", "Sudanese", "Khartoum", "Africa/Khartoum"),
    "SE": ("Sweden", "Swedish", "Stockholm", "Europe/Stockholm"),
    "CH": ("Switzerland", "Swiss", "Bern", ""),
    "TJ": ("Tajikistan", "Tajik", "Dushanbe", "Asia/Dushanbe"),
    "TZ": ("Tanzania", "Tanzanian", "Dodoma", ""),
    "TH": ("Thailand", "Thai", "Bangkok", "Asia/Bangkok"),
    "TG": ("Togo", "Togolese", "Lomé", "Africa/Lome"),
    "TN": ("Tunisia", "Tunisian", "Tunis", "Africa/Tunis"),
    "TM": ("Turkmenistan", "Turkmen", "Ashgabat", "Asia/Ashgabat"),
    "UG": ("Uganda", "Ugandan", "Kampala", "Africa/Kampala"),
    "AE": ("United Arab Emirates", "Emirati", "Abu Dhabi", ""),
    "UY": ("Uruguay", "Uruguayan", "Montevideo", "America/Montevideo"),
    "UZ": ("Uzbekistan", "Uzbek", "Tashkent", "Asia/Tashkent"),
    "VN": ("Vietnam", "Vietnamese", "Hanoi", ""),
    "YE": ("Yemen", "Yemeni", "Sanaa", ""),
    "ZM": ("Zambia", "Zambian", "Lusaka", "Africa/Lusaka"),
    "ZW": ("Zimbabwe", "Zimbabwean", "Harare", "Africa/Harare"),
    "ER": ("Eritrea", "Eritrean", "Asmara", "Africa/Asmara"),
    "IS": ("Iceland", "Icelandic", "Reykjavik", "Atlantic/Reykjavik"),
    "LU": ("Luxembourg", "Luxembourgish", "Luxembourg", "Europe/Luxembourg"),
    "MT": ("Malta", "Maltese", "Valletta", "Europe/Malta"),
    "AD": ("Andorra", "Andorran", "Andorra la Vella", ""),
    "AG": ("Antigua and Barbuda", "Antiguan", "Saint John's", ""),
    "BS": ("Bahamas", "Bahamian", "Nassau", "America/Nassau"),
    "BB": ("Barbados", "Barbadian", "Bridgetown", ""),
    "BZ": ("Belize", "Belizean", "Belmopan", ""),
    "BT": ("Bhutan", "Bhutanese", "Thimphu", "Asia/Thimphu"),
    "BW": ("Botswana", "Botswanan", "Gaborone", "Africa/Gaborone"),
    "BN": ("Brunei", "Bruneian", "Bandar Seri Begawan", ""),
    "CV": ("Cabo Verde", "Cape Verdean", "Cidade da Praia", ""),
    "KM": ("Comoros", "Comorian", "Moroni", ""),
    "CR": ("Costa Rica", "Costa Rican", "San José", ""),
    "DO": ("Dominican Republic", "Dominican", "Santo Domingo", "America/Santo_Domingo"),
    "DM": ("Dominica", "Dominica", "Roseau", ""),
    "GQ": ("Equatorial Guinea", "Equatoguinean", "Malabo", "Africa/Malabo"),
    "SZ": ("Eswatini", "Swazi", "Mbabane", "Africa/Mbabane"),
    "FJ": ("Fiji", "Fijian", "Suva", ""),
    "GM": ("Gambia", "Gambian", "Banjul", "Africa/Banjul"),
    "GD": ("Grenada", "Grenadian", "Saint George's", ""),
    "GW": ("Guinea-Bissau", "Bissau-Guinean", "Bissau", "Africa/Bissau"),
    "GY": ("Guyana", "Guyanese", "Georgetown", ""),
    "JM": ("Jamaica", "Jamaican", "Kingston", ""),
    "KI": ("Kiribati", "I-Kiribati", "Tarawa", "Pacific/Tarawa"),
    "LS": ("Lesotho", "Basotho", "Maseru", "Africa/Maseru"),
    "LR": ("Liberia", "Liberian", "Monrovia", "Africa/Monrovia"),
    "LI": ("Liechtenstein", "Liechtensteiner", "Vaduz", "Europe/Vaduz"),
    "MV": ("Maldives", "Maldivian", "Malé City", ""),
    "MH": ("Marshall Islands", "Marshallese", "Majuro", "Pacific/Majuro"),
    "MU": ("Mauritius", "Mauritian", "Port Louis", ""),
    "FM": ("Micronesia", "Micronesian", "Palikir", ""),
    "MC": ("Monaco", "Monegasque", "Monaco-Ville", ""),
    "NR": ("Nauru", "Nauruan", "Yaren", ""),
    "PW": ("Palau", "Palauan", "Ngerulmud", ""),
    "PG": ("Papua New Guinea", "Papua New Guinean", "Port Moresby", "Pacific/Port_Moresby"),
    "KN": ("Saint Kitts and Nevis", "Kittitian", "Basseterre", ""),
    "LC": ("Saint Lucia", "Saint Lucian", "Castries", ""),
    "VC": ("Saint Vincent and the Grenadines", "Vincentian", "Kingstown", ""),
    "WS": ("Samoa", "Samoan", "Apia", "Pacific/Apia"),
    "SM": ("San Marino", "Sammarinese", "City of San Marino", ""),
    "ST": ("Sao Tome and Principe", "Santomean", "São Tomé", "Africa/Sao_Tome"),
    "SC": ("Seychelles", "Seychellois", "Port Victoria", ""),
    "SB": ("Solomon Islands", "Solomon Islander", "Honiara", ""),
    "SR": ("Suriname", "Surinamese", "Paramaribo", "America/Paramaribo"),
    "TL": ("Timor-Leste", "Timorese", "Dili", "Asia/Dili"),
    "TO": ("Tonga", "Tongan", "Nuku'alofa", ""),
    "TT": ("Trinidad and Tobago", "Trinidadian", "Port of Spain", "America/Port_of_Spain"),
    "TV": ("Tuvalu", "Tuvaluan", "Funafuti", "Pacific/Funafuti"),
    "VU": ("Vanuatu", "Vanuatuan", "Port Vila", ""),
    "VA": ("Vatican", "Vatican", "Vatican City", ""),
    "EH": ("Western Sahara", "Sahrawi", "Laayoune", "Africa/El_Aaiun"),
    "GL": ("Greenland", "Greenlandic", "Nuuk", ""),
    "PR": ("Puerto Rico", "Puerto Rican", "San Juan", ""),
    "NC": ("New Caledonia", "New Caledonian", "Nouméa", "Pacific/Noumea"),
}
# The hand-written rows of the file: only the CLDR forms they lack are printed, to be added by hand.
HAND_WRITTEN = {
    "Russia": "RU", "Ukraine": "UA", "China": "CN", "Israel": "IL", "Iran": "IR", "Turkey": "TR", "Syria": "SY",
    "Lebanon": "LB", "Saudi Arabia": "SA", "Pakistan": "PK", "India": "IN", "North Korea": "KP",
    "South Korea": "KR", "Japan": "JP", "United States": "US", "Serbia": "RS", "Ethiopia": "ET",
    "Georgia": "GE", "Azerbaijan": "AZ", "Armenia": "AM", "Venezuela": "VE", "Egypt": "EG", "Qatar": "QA",
    "Belarus": "BY", "Moldova": "MD", "United Kingdom": "GB", "France": "FR", "Germany": "DE", "Spain": "ES",
    "Mali": "ML", "Niger": "NE", "Burkina Faso": "BF", "Sudan": "SD", "Afghanistan": "AF", "Iraq": "IQ",
    "Brazil": "BR", "Mexico": "MX", "Nicaragua": "NI", "Colombia": "CO", "Myanmar": "MM", "Philippines": "PH",
    "Vietnam": "VN", "Taiwan": "TW",
}


def _forms(locales: list[Any], code: str, name: str, zone: str) -> list[str]:
    """The country's name in every locale (and its capital's, where CLDR names it), without the
    forms that qualify it ("Congo - Kinshasa", "コンゴ民主共和国(キンシャサ)"): one name each."""
    out = []
    for loc in locales:
        out.append(loc.territories.get(code, name))
        city = loc.time_zones.get(zone, {}).get("city") if zone else None
        if city:
            out.append(city)
    return [f for f in dict.fromkeys(f.strip() for f in out) if f and not re.search(r" [-–] |[(（]", f)]


def main() -> int:
    from babel import Locale  # only here: Babel is a tool for editing the data, not a dependency

    from monitor.match.normalize import fold

    rows = yaml.safe_load((ROOT / "monitor/match/countries.yaml").read_text(encoding="utf-8"))["countries"]
    have = {str(row[0]).casefold(): row for row in rows}
    locales = [Locale.parse(code) for code in LANGS]
    for name, code in HAND_WRITTEN.items():
        row = have.get(name.casefold())
        if row is None:
            continue
        known = {fold(str(f).rstrip("*")) for f in row}
        extra = [f for f in _forms(locales, code, name, "") if fold(f) not in known]
        if extra:
            print(f"  # add to {name}: " + ", ".join(extra))
    for code, (name, adjective, capital, zone) in COUNTRIES.items():
        if name.casefold() in have:
            continue
        row = list(dict.fromkeys([name, adjective, capital, *_forms(locales, code, name, zone)]))
        print("  - [" + ", ".join(row) + "]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
