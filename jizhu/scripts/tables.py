"""OpenCC's own dictionaries and a Simplified word list, read once per process.

The installed opencc package ships its dictionaries as binary `.ocd2` files and the
`opencc_dict` tool that writes them out as text (about 30 ms for STPhrases). From them:
- each Simplified character's Traditional forms, OpenCC's default first (STCharacters:
  发 → 發 髮, 系 → 系 係 繫);
- OpenCC's phrases (STPhrases: 头发 → 頭髮, 关系 → 關係), the words whose forms it knows;
- pairs of forms of one character that differ only in glyph or regional standard
  (TWVariants and HKVariants: 裏/裡, 為/爲, 綫/線), which are never an error.
The word list with frequencies is jieba's dictionary (dict.txt, 349,000 words), used to
check a phrase match against the most likely segmentation of the words around it.
"""
from __future__ import annotations

import atexit
import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import compress
from pathlib import Path

import opencc

from ..reading.opencc_setup import share_file
from . import kept as kept_module
from .kept import kept

PHRASES_FROM_REGIONS = "STPhrases_GeneratedFromRegionalPhrases"


def opencc_dict_tool() -> str:
    beside = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"
    if beside.is_file():
        return str(beside)
    found = shutil.which("opencc_dict")
    if found is None:
        raise RuntimeError("opencc_dict not found: the opencc package's dictionaries cannot be read")
    return found


@cache
def table(name: str) -> dict[str, tuple[str, ...]]:
    """One OpenCC dictionary (`STCharacters`, …): key → its values, the first being the one OpenCC writes."""
    source = share_file(f"{name}.ocd2")
    return kept(f"opencc-{name}", [source, Path(__file__)], lambda: read_table(source))


TABLES = ("STCharacters", "STPhrases", PHRASES_FROM_REGIONS, "TSPhrases", "TSCharacters", "TWVariants", "HKVariants",
          "TSCharactersExt", "CJK_Compatibility_Ideographs")
"""The dictionaries a build reads (the last two for search's folded forms): when one is not kept, none
is (a first build, `--no-cache`), so all are written out at once, by processes running side by side."""
_reading: dict[Path, tuple[subprocess.Popen, Path]] = {}
"""Each dictionary being written out as text: its `opencc_dict` process and the file it writes."""
_started: set[Path] = set()
"""Each dictionary written out in this process, or being written out."""
_reader = os.getpid()
"""The process that starts them: the one that imported this module."""


def read_table(source: Path) -> dict[str, tuple[str, ...]]:
    return {key: tuple(values.split(" ")) for key, values in ENTRY.findall(written_out(source))}


def written_out(source: Path) -> str:
    """The text of an OpenCC dictionary (`start_reading`)."""
    if _reader != os.getpid():  # a forked build worker: the processes and files are its parent's, and
        _reading.clear()  # it reads the few tables its parent did not (search's) one at a time
        _started.clear()
        start_reading([source])
    elif source not in _reading:
        _started.discard(source)  # read before: written out again
        start_reading([source, *(share_file(f"{name}.ocd2") for name in TABLES)])
    process, out = _reading.pop(source)
    try:
        if process.wait() != 0:
            raise subprocess.CalledProcessError(process.returncode, process.args)
        return out.read_text(encoding="utf-8")
    finally:
        out.unlink(missing_ok=True)


ENTRY = re.compile(r"^([^\t\n]+)\t([^\n]+)", re.MULTILINE)
"""A line of a dictionary written out as text: its key, a tab and its values separated by spaces."""
FIRST_VALUE = re.compile(r"^([^\t\n]+)\t([^ \n]+)", re.MULTILINE)
"""…its key and its first value: a phrase's, the one OpenCC writes."""


def start_reading(sources: list[Path]) -> None:
    """Start writing out each of `sources` not being written out yet (a temporary file each, removed
    when read, or when the process ends unread)."""
    for source in sources:
        if source in _started or not source.is_file():
            continue
        _started.add(source)
        handle, name = tempfile.mkstemp(prefix=f"jizhu-{source.stem}-", suffix=".txt")
        os.close(handle)
        out = Path(name)
        _reading[source] = (subprocess.Popen([opencc_dict_tool(), "-i", str(source), "-o", str(out), "-f", "ocd2",
                                              "-t", "text"], stdout=subprocess.DEVNULL,
                                             stderr=subprocess.DEVNULL), out)


@atexit.register
def stop_reading() -> None:
    """The dictionaries started but never read: their processes ended and files removed (when a build
    ends: `kept.settle`)."""
    while _reading and _reader == os.getpid():
        process, out = _reading.popitem()[1]
        process.wait()
        out.unlink(missing_ok=True)


kept_module._at_end.append(stop_reading)


@cache
def char_forms() -> dict[str, tuple[str, ...]]:
    """Simplified character → its Traditional forms, OpenCC's default first (发 → 發 髮)."""
    return {k: v for k, v in table("STCharacters").items() if len(k) == 1}


@cache
def char_default() -> dict[int, str]:
    """A str.translate table: each Simplified character to OpenCC's default Traditional form."""
    return {ord(k): v[0] for k, v in char_forms().items() if v[0] != k}


@cache
def simplified_only() -> frozenset[str]:
    """Characters that are Simplified forms and not Traditional ones (发, 这), by STCharacters."""
    return frozenset(k for k, v in char_forms().items() if k not in v)


@cache
def one_to_many() -> dict[str, tuple[str, ...]]:
    """Simplified characters with more than one Traditional form (发 → 發 髮), default first."""
    return {k: v for k, v in char_forms().items() if len(v) > 1}


@cache
def phrases() -> dict[str, str]:
    """Simplified phrase → the Traditional OpenCC writes for it (头发 → 頭髮)."""
    sources = [share_file(f"{name}.ocd2") for name in (PHRASES_FROM_REGIONS, "STPhrases")]
    return kept("phrases", [*sources, Path(__file__)], lambda: read_phrases(sources))


def read_phrases(sources: list[Path]) -> dict[str, str]:
    """The phrase tables merged, the later winning: kept as one table, so that STPhrases's alternatives
    (1.5 MB of them) are neither kept nor read back."""
    found: dict[str, str] = {}
    for source in sources:
        found.update(FIRST_VALUE.findall(written_out(source)))  # (its alternatives not even split)
    return found


@cache
def confirmed_phrases() -> frozenset[str]:
    """OpenCC's Simplified phrases whose Traditional form its reverse table (TSPhrases) also knows as a
    phrase (借由 → 藉由 → 借由): two tables agree it is a word. 总发 → 總髮 is in one table only."""
    back = table("TSPhrases")
    return frozenset(k for k, v in phrases().items() if v in back)


@cache
def usual_forms() -> dict[int, str]:
    """A str.translate table: each Simplified character with several forms to the form most of OpenCC's
    phrases write (签 → 簽, though OpenCC's default for 签 alone is 籤)."""
    sources = [share_file(f"{name}.ocd2") for name in ("STCharacters", "STPhrases", PHRASES_FROM_REGIONS)]
    return kept("usual-forms", [*sources, Path(__file__)], count_usual_forms)


def count_usual_forms() -> dict[int, str]:
    counts: dict[str, dict[str, int]] = {}
    several = one_to_many()
    for key, written in phrases().items():
        if len(key) != len(written):
            continue
        for s, t in zip(key, written):
            if s in several:
                forms = counts.setdefault(s, {})
                forms[t] = forms.get(t, 0) + 1
    return {ord(s): max(forms, key=forms.__getitem__) for s, forms in counts.items()}


GLYPH_VARIANTS = ("為爲", "說説", "裏裡", "台臺", "着著", "癡痴", "夥伙", "鑒鑑", "峯峰", "綫線", "衞衛", "僞偽",
                  "啓啟", "敎教", "眞真", "麪麵", "牀床", "戶户", "衆眾", "羣群", "兌兑", "稅税", "脫脱", "閱閲",
                  "悅悦", "汙污", "嘆歎", "艷豔", "舖鋪", "恒恆", "糍餈", "滙匯")
"""Forms of one character that Taiwan, Hong Kong and OpenCC write differently, beside the tables' (嘆/歎:
Taiwan's dictionary gives 歎 as a variant of 嘆, in every word: 感嘆/感歎, 驚嘆號/驚歎號; Hong Kong's
standard forms 艷, 舖, 恒 and 糍 where Taiwan's are 豔, 鋪, 恆 and 餈, and its 滙 of 滙豐 and 滙款 beside 匯)."""
ACCEPTED_FORMS = ("盡儘", "布佈", "了瞭", "占佔", "周週", "跡蹟", "托託", "秘祕", "回迴", "群羣", "修脩",
                  "拼拚", "局侷", "夫伕", "哄鬨", "拐柺", "欲慾", "蘇甦", "巨鉅", "抵牴")
"""Pairs where OpenCC's phrases call for one form and Taiwan's or Hong Kong's standard writes the other
in the same words (盡量/儘量, 公布/公佈, 了解/瞭解, 占領/佔領, 一周/一週, 拼命/拚命, 局限/侷限; 車夫/車伕,
起哄/起鬨, 拐杖/柺杖, 欲望/慾望, 復蘇/復甦, 巨額/鉅額, 抵觸/牴觸, where OpenCC's phrases take the rarer form,
which made correct Hong Kong news and government transcripts look converted: README, Scripts): neither is
an error. Each pair's general form first: the other comes in some words only (盡力, 周圍, 了結 have no 儘, 週, 瞭)."""
SPELLED_EITHER_WAY = ("借藉",)
"""Pairs like ACCEPTED_FORMS' (借助/藉助, 借口/藉口: Hong Kong writes the first, OpenCC's phrases the second),
of which the second alone is right in some words (慰藉, 狼藉): neither is an error where both are written,
but a note's form is never made the transcript's (`publish.page_forms`). A blind converter never writes
the first there: Simplified writes 藉 in those words too. Not 匯/彙 nor 厘/釐, though Hong Kong writes
匯報 and 厘米 where OpenCC's phrases write 彙報 and 釐米: a blind converter's 詞匯 and 無釐頭, from 词汇 and
无厘头, are errors that such a pair would keep (measured on Common Voice's Cantonese sentences)."""


CANTONESE_PARTICLES = frozenset("嘅咗哋喺嘢冇啲噉嗰")
"""Characters of written Cantonese's particles and pronouns, which Mandarin text never writes."""
CANTONESE_SENTENCE_WORDS = frozenset("佢嚟啱揾攞谂咩咁㖞㗎")
"""Reviewed (Simplified, as the pivot writes them): more of written Cantonese's own characters, which
Mandarin text never writes (none is in the Taiwan and Mainland texts of the corpus, and jieba's word list
counts them a few dozen times at most): 佢 "he, she", 嚟 "to come", 啱 "right", 搵 "to look for", 攞 "to
take", 諗 "to think", 咩 "what", 咁 "so, like that", and the particles 喎 and 㗎 (not 嘞 and 啫, which
Mandarin writes in 好嘞 and 啫喱). With `CANTONESE_PARTICLES`, 唔 "not" before a word (唔係, 唔好; alone,
唔 is Mandarin's "mm") and `CANTONESE_IS`, they show a sentence quoted in Cantonese
(traditional.in_cantonese_sentences); the share that makes a whole text Cantonese counts the particles only."""
CANTONESE_IS = "[就都即真仲]系(?![统列数主里])"
"""Reviewed (Simplified, as the pivot writes it): 係 "is" after an adverb, 就係, 都係, 即係 "that is", 真係
"really", 仲係 "still", which Mandarin writes 就是, 都是 … (jieba's word list has none of them); not before
Mandarin's words of 系 (系統, 系列, 系數, 系主任, 系裡: 就系統而言)."""
CANTONESE_SHARE = 0.02
"""A text is written Cantonese where these are at least this share of its Han characters (the Hong
Kong texts of the corpus: about 10%; every Taiwan and Mainland text and the seed: none)."""
CANTONESE_FORMS = {"系": "係", "哗": "嘩"}
"""Reviewed: in written Cantonese these stand alone as its own words, 係 "is" and 嘩 "wow", where
OpenCC's character defaults (系, 譁) are Mandarin's. Phrases (系統, 關係, 喧譁) still decide."""


CANTONESE_AS = {"系": "是"}
"""Reviewed: Cantonese words whose weight in the word list is Mandarin's sense of their characters, with
the Mandarin word of the same use: 係 "is" is written Cantonese's commonest verb, as 是 is Mandarin's,
where 系 "department, system" is rare alone (10,196 against 796,991). The cut that decides whether it
stands alone (`traditional.stands_alone`) weighs it so."""


@cache
def cantonese_counts() -> dict[str, int]:
    """`CANTONESE_AS` with the word list's counts: {系: 是's count}."""
    frequencies = word_frequencies()
    return {word: frequencies[same] for word, same in CANTONESE_AS.items()}


STANDALONE_FORMS = {"签": "簽", "钟": "鐘", "赞": "讚", "游": "游", "哗": "嘩"}
"""Reviewed: the form these take standing alone (in no phrase and no word) in a Traditional text, where
OpenCC's default is the form that comes in words: 簽 "to sign" (籤 comes in 標籤, 抽籤, 書籤), 鐘
"clock, o'clock, hour" (鍾 in 鍾情, 鍾意 and as a surname), 讚 "great; a like" (贊 in 贊成, 贊助), 游
"to swim" (遊 in 旅遊, 遊戲, 遊客), 嘩 "wow; splash" (譁 in 喧譁, 譁然). Chosen by reading down the
characters with several forms that most often stand alone in jieba's word list. Not 松 → 鬆 "loose":
松 stands alone in names (古錦松) and in Taiwan's 黑客松 "hackathon" (measured on the tuning texts)."""
REGIONAL_STANDALONE = {"TW": {"念": "唸"}, "HK": {},
                       "yue": {"吓": "吓", "晒": "晒", "郁": "郁", "冲": "沖", "喂": "喂", "挨": "捱", "仆": "仆"}}
"""Reviewed, by region ("yue": written Cantonese; "HK": formal Hong Kong Chinese, none): Taiwan writes 念
"to read aloud, to study" as 唸 (唸出來, 唸大學) where it stands
alone (想念, 紀念, 念頭 are words); written Cantonese has its own words 吓 "a bit; huh?" (睇吓), 晒
"all, completely" (食晒), 郁 "to move" (唔好郁), 沖 "to rinse, shower, brew" (沖涼, 沖茶), 喂 "hey" (喂你
知唔知…), 捱 "to endure, to get through" (捱夜, 捱咗咁多年) and 仆 "to fall flat, to rush headlong" (仆街,
仆直, 仆過去: OpenCC knows 仆街, the word list does not), where Mandarin's are 嚇 "to scare", 曬 "to
sun", 鬱, 衝 "to rush" (衝破, 首當其衝 are words), 挨 "to suffer; next to" (挨打, 挨近 are words), 僕
"servant" (僕人, 公僕 are words) and, in OpenCC's phrases 喂你, 喂我, 餵 "to feed". After an auxiliary the
verbs come back (`AFTER_AUXILIARY`); the classifier 隻 is decided by the words around it (`CLASSIFIER`)."""
AUXILIARIES = ("唔好", "不要", "别", "要", "会", "想", "可以", "肯", "敢")
"""Reviewed (Simplified, as the pivot writes them): words a verb follows, never a particle or an interjection:
唔好, 不要, 別 "don't", 要 "will, must", 會, 想 "want to", 可以, 肯 "be willing to", 敢 "dare to"."""
AFTER_AUXILIARY = {"吓": "嚇", "晒": "曬", "喂": "餵"}
"""Reviewed: written Cantonese's 吓 "a bit", 晒 "all" (both after a verb) and 喂 "hey" (`REGIONAL_STANDALONE`)
are the verbs 嚇 "to scare", 曬 "to sun", 餵 "to feed" after an auxiliary (唔好曬到我, 要嚇你, 唔好餵咁多)."""
REGIONAL_WORDS = {
    "all": {"不准": "不准"},
    "TW": {"村里": "村里", "搜整": "蒐整", "念出": "唸出", "念稿": "唸稿", "按赞": "按讚", "点赞": "點讚",
           "签核": "簽核"},
    "HK": {},
    "yue": {"唔准": "唔准", "只系": "只係", "唔该晒": "唔該晒", "多谢晒": "多謝晒", "个钟": "個鐘", "吓亲": "嚇親",
            "吓死": "嚇死", "吓人": "嚇人", "吓到": "嚇到", "吓倒": "嚇倒", "吓坏": "嚇壞", "惊吓": "驚嚇", "恐吓": "恐嚇", "吓唬": "嚇唬", "晒太阳": "曬太陽", "晒衫": "曬衫",
            "晒相": "曬相", "晒命": "曬命"},
}
"""Reviewed: words whose Traditional form a Traditional source of the region writes and OpenCC's phrases
miss or get wrong, as phrases of the repair's word check (Simplified → the region's form).
- All: 不准 "not allowed", the common word (OpenCC writes 不準 "inaccurate", which comes in longer words
  its phrases know: 說不準, 測不準, 拿不準).
- Taiwan: 村里 (its villages and boroughs, 村里長; OpenCC reads 村裏 "in the village"), 蒐整 "to gather
  and collate" (蒐集, 蒐證 OpenCC knows), 唸出 and 唸稿 "to read out" (see `REGIONAL_STANDALONE`),
  按讚 and 點讚 "to like (a post)", 簽核 "to sign off".
- Written Cantonese: 唔准 "not allowed" (Cantonese's 不准), 只係 "only, just" (隻 otherwise, see
  `CLASSIFIER`), 唔該晒 and 多謝晒 "thanks a lot" (晒 "all", which the word list's cut glues to 唔該), 個鐘
  "an hour, o'clock" (OpenCC's phrase, which the word list does not know); the words of 嚇 "to scare"
  (嚇親, 嚇死 …) and of 曬 "to sun, to show off" (曬太陽, 曬命 …), where Cantonese 吓 and 晒 stand alone."""


CLASSIFIER, CLASSIFIER_FORM = "只", "隻"
"""Written Cantonese's all-purpose classifier 隻 (呢隻, 隻狗, 我隻腳), where Mandarin's 只 is mostly "only":
decided by the words around it (traditional.cantonese_classifiers)."""
CANTONESE_VERBS = frozenset("喺畀俾揾攞嚟睇谂饮")
"""Reviewed (Simplified, as the pivot writes them): written Cantonese's verbs and prepositions that jieba's word
list lacks or tags otherwise: 喺 "at", 畀 and 俾 "give", 搵 "look for", 攞 "take", 嚟 "come", 睇 "look", 諗
"think", 飲 "drink" (只喺戲院, 只畀到: "only")."""
QUANTITY_BEFORE = frozenset("0123456789一二两三四五六七八九十百千万廿几半每边哩𠮶嗰这那大细成整")
"""Reviewed (Simplified, as the pivot writes them): what comes before a classifier and never before "only":
numbers, 幾 "how many", 半, 每 "each", 邊 "which", the demonstratives 哩, 嗰 (𠮶 in OpenCC's Simplified), 這,
那, and the sizes 大, 細 and 成 "whole", 整 (大隻 "well-built", 成隻 "a whole one"). Not 呢, which is "this"
and the particle too (電子辭典呢, 只係…: "as for the dictionary, it is only…")."""


def region_words(region: str | None) -> dict[str, str]:
    """The regional words a Traditional source of `region` ("TW", "HK" or "yue": written Cantonese) is checked
    with; none for None."""
    return REGIONAL_WORDS["all"] | REGIONAL_WORDS[region] if region else {}


def region_standalone(region: str | None) -> dict[str, str]:
    return STANDALONE_FORMS | REGIONAL_STANDALONE[region] if region else {}


CANTONESE_STANDALONE = REGIONAL_STANDALONE["yue"]
CANTONESE_WORDS = REGIONAL_WORDS["yue"]


@cache
def region_forms(region: str | None) -> dict[str, tuple[str, ...]]:
    """`one_to_many`, with the forms a region's own words add (Cantonese 吓 beside 嚇, 晒 beside 曬)."""
    found = dict(one_to_many())
    for simplified, form in region_standalone(region).items():
        forms = char_forms().get(simplified, (simplified,))
        if form not in forms:
            found[simplified] = forms + (form,)
    return found


HONG_KONG_NAMES = ("香港", "港府", "港人", "特區", "立法會", "特首", "九龍", "新界", "港島", "港幣", "港元")
TAIWAN_NAMES = ("台灣", "臺灣", "台北", "臺北", "立法院", "行政院", "總統府", "新台幣", "新臺幣", "民進黨", "國民黨")
"""Reviewed: Hong Kong's and Taiwan's own names for themselves, their places, institutions and money, as
either script's Traditional writes them (a blind converter's 臺灣 too)."""
HONG_KONG_LEAST = 2


def is_hong_kong(texts: Iterable[str]) -> bool:
    """Whether a formal Traditional text is likelier Hong Kong's than Taiwan's: it names Hong Kong at
    least HONG_KONG_LEAST times and more often than Taiwan. Measured on 65 Hong Kong news articles: 53
    are (the rest name neither, or write about Taiwan), against none of the corpus's Taiwan texts (each
    names Taiwan 9 to 41 times, and Hong Kong never). Wrong either way, the text is only read with the
    other region's rules: a correct text is still published as written."""
    hong_kong = taiwan = 0
    for text in texts:
        hong_kong += len(HONG_KONG_NAME.findall(text))
        taiwan += len(TAIWAN_NAME.findall(text))
    return hong_kong >= HONG_KONG_LEAST and hong_kong > taiwan


HONG_KONG_NAME = re.compile("|".join(HONG_KONG_NAMES))
TAIWAN_NAME = re.compile("|".join(TAIWAN_NAMES))


def is_cantonese(texts: Iterable[str]) -> bool:
    han = particles = 0
    for text in texts:  # counted in C (the preview asks after every save)
        han += sum(map(len, HAN_RUN.findall(text)))  # runs, not each character: a fifth of the time
        particles += len(PARTICLE.findall(text))
    return particles >= CANTONESE_SHARE * max(1, han)


HAN_RUN = re.compile("[\u3400-\u9fff]+")
PARTICLE = re.compile(f"[{''.join(sorted(CANTONESE_PARTICLES))}]")


@cache
def variant_pairs() -> frozenset[frozenset[str]]:
    """Two forms of one character, either right (裏/裡, 為/爲, 盡量/儘量): `glyph_pairs`, ACCEPTED_FORMS and
    SPELLED_EITHER_WAY."""
    return glyph_pairs() | {frozenset(p) for p in ACCEPTED_FORMS + SPELLED_EITHER_WAY}


@cache
def glyph_pairs() -> frozenset[frozenset[str]]:
    """Two glyphs of one character, the same in every word (裏/裡, 為/爲): the regional variant tables,
    GLYPH_VARIANTS, and each Traditional character OpenCC writes in Simplified as a character whose one
    Traditional form is another (奬 and 獎 are both 奖, which is only 獎; 産/產, 顔/顏, 墻/牆, 綉/繡: a writer's
    glyph, which a converter's round trip makes the standard one). Not ACCEPTED_FORMS, which differ by word
    (盡量/儘量 but only 盡力; 週末/周末 but only 周圍 and the surname 周)."""
    pairs = {frozenset(p) for p in GLYPH_VARIANTS}
    for name in ("TWVariants", "HKVariants"):
        for key, values in table(name).items():
            for value in values:
                if len(key) == 1 and len(value) == 1 and key != value:
                    pairs.add(frozenset((key, value)))
    traditional = table("STCharacters")
    for key, values in table("TSCharacters").items():
        forms = traditional.get(values[0], ()) if len(key) == 1 and len(values) == 1 else ()
        if len(forms) == 1 and len(forms[0]) == 1 and forms[0] != key:
            pairs.add(frozenset((key, forms[0])))
    return frozenset(pairs)


@cache
def standard_forms() -> dict[int, str]:
    """A str.translate table from Taiwan's and Hong Kong's forms to OpenCC's standard ones (麵 → 麪)."""
    found = {}
    for name in ("TWVariants", "HKVariants"):
        for key, values in table(name).items():
            if len(key) == 1 and len(values[0]) == 1 and values[0] != key:
                found.setdefault(ord(values[0]), key)
    return found


def same_character(a: str, b: str) -> bool:
    return a == b or frozenset((a, b)) in variant_pairs()


def package_folder(name: str) -> Path:
    """Where an installed package's files are, without importing it: importing jieba imports
    pkg_resources, a third of a second of every build's start-up, for a file it never reads."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the package {name} is not installed", name=name)
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def word_frequencies() -> WordList:
    """jieba's Simplified word list: word → frequency (每 3 … 关系 32105)."""
    source = package_folder("jieba") / "dict.txt"
    return WordList(kept("word-list", [source, Path(__file__)], lambda: word_groups(source)))


@cache
def predicates() -> frozenset[str]:
    """The words jieba's list tags as verbs, adverbs, prepositions or conjunctions (`PREDICATE_TAGS`), what
    follows "only" (只知道, 只针对) and never a classifier (隻手): read only for written Cantonese's 只."""
    source = package_folder("jieba") / "dict.txt"
    return frozenset(kept("predicates", [source, Path(__file__)], lambda: predicate_words(source)))


PREDICATE_TAGS = frozenset(("v", "vd", "vg", "vi", "vq", "d", "ad", "p", "c"))


def predicate_words(source: Path) -> list[str]:
    fields = source.read_text(encoding="utf-8").split()  # each line: word, count, part of speech
    return list(compress(fields[0::3], map(PREDICATE_TAGS.__contains__, fields[2::3])))


GROUP = re.compile(r"^(.)[^\n]*\n(?:\1[^\n]*\n)*", re.MULTILINE)
"""A run of the word list's lines whose words start with one character (the list is in such runs)."""


def word_groups(source: Path) -> dict[str, str]:
    """The word list's lines, by the first character of their word: a transcript asks for the words of
    a few hundred characters of 11,800, so only those groups are ever read (`WordList`)."""
    groups: dict[str, str] = {}
    text = source.read_text(encoding="utf-8")
    for run in GROUP.finditer(text if text.endswith("\n") else text + "\n"):
        first = run.group(1)
        groups[first] = groups.get(first, "") + run.group()  # a character of two runs: both, in order
    return groups


class WordList:
    """The word list as a read-only mapping, word → frequency, each group of words starting with one
    character read when a word of it is first asked for: parsing all 349,000 words costs about 0.2 s,
    and a seed-sized transcript asks for the words of about 600 first characters (40% of the list)."""

    def __init__(self, groups: dict[str, str]) -> None:
        self.groups = groups
        self.read: dict[str, dict[str, int]] = {}
        self.counts: dict[str, int] = {}
        """One int for each count (349,000 words share 5,100): about 10 MB less when all are read, and far
        fewer pages a build worker's look-ups touch, so copy."""

    def get(self, word: str, default: int | None = 0) -> int | None:
        if not word:
            return default
        found = self.read.get(word[0])
        if found is None:
            found = self.group(word[0])
        return found.get(word, default)

    def __getitem__(self, word: str) -> int:
        found = self.get(word, None)
        if found is None:
            raise KeyError(word)
        return found

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word, None) is not None

    def group(self, first: str) -> dict[str, int]:
        fields = self.groups.get(first, "").split()  # each line: word, count, part of speech
        if first in self.groups:
            self.groups[first] = ""  # read: its text not held twice (6 MB for the whole list)
        counts = self.counts
        counts.update((count, int(count)) for count in set(fields[1::3]).difference(counts))
        found = self.read[first] = dict(zip(fields[0::3], map(counts.__getitem__, fields[1::3])))
        return found

    def group_of(self, first: str) -> dict[str, int]:
        """The words starting with `first`."""
        found = self.read.get(first)
        return self.group(first) if found is None else found

    def read_all(self) -> None:
        """Every group, now: before a process pool forks, so that its workers share them."""
        for first in self.groups:
            if first not in self.read:
                self.group(first)

    def __iter__(self) -> Iterator[str]:
        for first in self.groups:
            yield from self.read.get(first) or self.group(first)


def followers(words: Iterable[str]) -> dict[str, str]:
    """{first character: `reach` of the words of three characters or more starting with it (民 after 居, for
    居民楼, and 5, for 居民委员会, its longest)}: where the character after a text's is none of these, no such
    word starts there, and none longer than its reach."""
    found: dict[str, dict[str, int]] = {}
    for word in words:
        if len(word) > 2:
            lengths = found.setdefault(word[0], {})
            lengths[word[1]] = max(lengths.get(word[1], 0), len(word))
    return {first: reach(lengths) for first, lengths in found.items()}


def reach(lengths: dict[str, int]) -> str:
    """{second character: the longest word's length} as one string: the characters, then the length of each
    as a character (chr(5)), so that a first character's costs about what its characters alone did."""
    seconds = "".join(sorted(lengths))
    return seconds + "".join(chr(lengths[second]) for second in seconds)


def reach_of(found: str, second: str) -> int:
    """The longest word's length in a `reach` for the character after the first, or 2 where it is not there
    (no word of three characters or more)."""
    half = len(found) // 2
    at = found.find(second, 0, half)
    return 2 if at < 0 else ord(found[half + at])


def merged_reach(*reaches: str) -> str:
    """One `reach` of several: each character's longest."""
    if sum(map(bool, reaches)) < 2:
        return "".join(reaches)
    lengths: dict[str, int] = {}
    for found in reaches:
        half = len(found) // 2
        for second, length in zip(found[:half], found[half:]):
            lengths[second] = max(lengths.get(second, 0), ord(length))
    return reach(lengths)


class KnownFollowers(dict):
    """{first character: `followers` of the word list's words and OpenCC's phrases starting with it},
    each character's made when first asked for: one table for every chooser (traditional.Followers)."""

    def __missing__(self, first: str) -> str:
        found = self[first] = merged_reach(followers(word_frequencies().group_of(first)).get(first, ""),
                                           phrase_followers().get(first, ""))
        return found


@cache
def known_followers() -> KnownFollowers:
    return KnownFollowers()


@cache
def phrase_followers() -> dict[str, str]:
    """OpenCC's phrases' `followers`, made once for every chooser."""
    sources = [share_file(f"{name}.ocd2") for name in (PHRASES_FROM_REGIONS, "STPhrases")]
    return kept("phrase-followers", [*sources, Path(__file__)], lambda: followers(phrases()))


WORD_MIN = 2
"""A word of the word list counts as evidence from this frequency on."""


def word_around(pivot: str, i: int) -> str:
    """The longest word of the word list (2–4 characters) that holds pivot[i], or "": a character
    standing alone (written Cantonese 係, "is") is no evidence either way."""
    freq = word_frequencies()
    for length in (4, 3, 2):
        for start in range(max(0, i - length + 1), min(i, len(pivot) - length) + 1):
            word = pivot[start:start + length]
            if freq.get(word, 0) >= WORD_MIN:
                return word
    return ""


@cache
def regional_table(variants: str | None) -> dict[int, str]:
    """A str.translate table from OpenCC's standard Traditional to a script's regional forms
    (t2tw: 裏 → 裡, 爲 → 為; t2hk: 爲 → 為, 綫 stays): OpenCC's TWVariants or HKVariants."""
    name = {"t2tw": "TWVariants", "t2twp": "TWVariants", "t2hk": "HKVariants"}.get(variants or "")
    if name is None:
        return {}
    return {ord(k): v[0] for k, v in table(name).items() if len(k) == 1 and len(v[0]) == 1}
