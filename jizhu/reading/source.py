"""Reading a transcript file: bytes to clean numbered lines plus its front matter.

Everything that can be wrong with a file *as a file* is caught here (encoding,
empty file, front matter), so the parser only ever sees well-formed text.
"""
from __future__ import annotations

import datetime
import difflib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError
from ..urls import web_address_problem
from .model import FrontMatter
from .tomltext import parse_toml
from .yamltext import parse_yaml

FENCE = "+++"
YAML_FENCE = "---"
REGIONS = ("HK", "TW")
"""A Traditional source's regions (front matter `region`): Hong Kong, Taiwan."""
KNOWN_KEYS = {"title", "date", "source", "source_url", "source_script", "speakers", "names", "media", "converted",
              "region"}
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
"""Control characters (tab, line ends and form feed aside) and noncharacters: no page may hold them
(HTML forbids them), and OpenCC would end a text at a NUL."""
ROLES = ("question", "answer", "other")
SCRIPTS = ("zh-Hant", "zh-Hans")


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    """1-based line number in the file as the editor sees it."""
    text: str
    """The line with trailing white space removed."""


SAVE_AS_TEXT = "save it as plain text (UTF-8), or paste its text into a text editor and save that"
DOCUMENTS = ((b"PK\x03\x04", f"is a ZIP archive, as a Word (.docx), OpenDocument or Pages document is, not text: "
                             f"open it and {SAVE_AS_TEXT}"),
             (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", f"is an old Word (.doc) or Excel document, not text: open it and "
                                             f"{SAVE_AS_TEXT}"),
             (b"%PDF-", "is a PDF, not text: copy its text out and save that as UTF-8 (`pdftotext -layout FILE "
                        "transcript.txt` does it)"),
             (b"{\\rtf", f"is rich text (RTF), not plain text: open it and {SAVE_AS_TEXT}"))
"""Documents an editor may save under a transcript's name by mistake, told by their first bytes."""
WEB_PAGE = re.compile(rb"\s*(?:<!doctype html|<html[\s>])", re.IGNORECASE)


def not_a_text(data: bytes) -> str | None:
    """Why `data` is a document or a web page rather than the text it holds, or None."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    for magic, why in DOCUMENTS:
        if data.startswith(magic):
            return why
    if WEB_PAGE.match(data, 0, 200):
        return ("is a web page (HTML), not its text: open it in a browser, copy the transcript's text and "
                "save that as UTF-8 text")
    return None


def decode(data: bytes, path: Path) -> str:
    """UTF-8 text without BOM and with `\\n` line ends, or a ContentError naming the line."""
    if why := not_a_text(data):
        raise ContentError.at(path, 1, why)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        bad = data[err.start:err.start + 3]
        if len(bad) == 3 and bad[0] == 0xED and 0xA0 <= bad[1] <= 0xBF:
            raise ContentError.at(path, line, "contains a lone surrogate (an encoded UTF-16 half), "
                                              "which is not valid text; re-save the file as UTF-8") from None
        seems, converting = encoding_hint(data)
        raise ContentError.at(path, line, f"is not UTF-8 (byte 0x{data[err.start]:02x}){seems}; "
                                          f"re-save the file as UTF-8{converting}") from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    # A lone surrogate can only arrive through a lenient decoder upstream, but check anyway:
    for number, line in enumerate(text.split("\n"), 1):
        if re.search("[\ud800-\udfff]", line):
            raise ContentError.at(path, number, "contains a lone surrogate, which is not valid text")
    if found := NOT_TEXT.search(text):
        raise ContentError.at(path, text.count("\n", 0, found.start()) + 1,
                              f"contains the character U+{ord(found.group()):04X}"
                              f"{' (NUL)' if found.group() == chr(0) else ''}, a control character or "
                              "noncharacter that no page may hold; remove it")
    return text


LEGACY_ENCODINGS = {"big5": ("Big5, as Traditional Chinese Windows saves text", "BIG5"),
                    "gb18030": ("GBK or GB18030, as Simplified Chinese Windows saves text", "GB18030")}
CHINESE_PUNCTUATION = re.compile("[，。、？！：；「」“”]")
ASCII_BYTES = bytes(range(0x80))


def encoding_hint(data: bytes) -> tuple[str, str]:
    """What a file that is not UTF-8 seems to be, and how to convert it, for its message: UTF-16 by its
    byte order mark; else the Chinese Windows code page that reads it with Chinese punctuation (either
    often decodes the other's bytes without error, into text without any: `，` is A3AC in GBK and A141
    in Big5), when most of the file is such bytes (an English text of Windows-1252 with a few curly
    quotes decodes too, and gets no guess)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ": it is UTF-16 (it opens with a byte order mark)", " (`iconv -f UTF-16 -t UTF-8` converts it)"
    if len(data.translate(None, ASCII_BYTES)) < len(data) * 0.3:  # the bytes past ASCII, counted in C
        return "", ""
    marks = {}
    for codec in LEGACY_ENCODINGS:
        try:
            marks[codec] = len(CHINESE_PUNCTUATION.findall(data.decode(codec)))
        except UnicodeDecodeError:
            continue
    best = max(marks, key=marks.__getitem__, default=None)
    if best is None or not marks[best]:
        return "", ""
    name, iconv_name = LEGACY_ENCODINGS[best]
    return f": it reads as {name}", f" (`iconv -f {iconv_name} -t UTF-8` converts it)"


def absent(path: Path) -> bool:
    """No file of that name at all: an optional file may be left out. A broken link, a pipe or a folder
    of that name is not absent (`read_text` says what it is)."""
    return not path.exists() and not path.is_symlink()


def read_text(path: Path) -> str:
    """A file of content or configuration as clean text (`decode`), or a ContentError saying why not."""
    try:
        if path.is_symlink() and not path.exists():
            raise ContentError.at(path, 1, f"is a symbolic link to {os.readlink(path)}, which does not exist")
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block the build forever
            raise ContentError.at(path, 1, "is not a regular file (a pipe, device or folder); "
                                           "content must be ordinary files")
        data = path.read_bytes()
    except OSError as err:
        raise ContentError.at(path, 1, f"cannot be read: {err.strerror}") from None
    return decode(data, path)


def read_lines(path: Path) -> tuple[FrontMatter, list[Line]]:
    """The front matter and the numbered body lines of a transcript file."""
    lines = [Line(n, text.rstrip()) for n, text in enumerate(read_text(path).split("\n"), 1)]
    meta, body = split_front_matter(lines, path)
    if not any(line.text for line in body):
        raise ContentError.at(path, body[0].number if body else 1, "the transcript is empty")
    return meta, body


def split_front_matter(lines: list[Line], path: Path) -> tuple[FrontMatter, list[Line]]:
    """TOML front matter between `+++` lines, or YAML between `---` lines, and the lines after it.

    A `---` that opens the file is front matter only when a `key:` line follows it,
    so a transcript that starts with a Markdown rule is not mistaken for one.
    """
    first = next((i for i, line in enumerate(lines) if line.text), None)
    if first is None or lines[first].text.strip() not in (FENCE, YAML_FENCE):
        return FrontMatter(), lines
    fence = lines[first].text.strip()
    if fence == YAML_FENCE and not (first + 1 < len(lines) and re.match(r"^[^\s:#][^:]*:(\s|$)", lines[first + 1].text)):
        return FrontMatter(), lines
    close = next((i for i in range(first + 1, len(lines)) if lines[i].text.strip() == fence), None)
    if close is None:
        raise ContentError.at(path, lines[first].number, f"front matter opened with {fence} is never closed")
    inner = lines[first + 1:close]
    if fence == FENCE:
        table = parse_toml("\n".join(line.text for line in inner), path, lines[first].number + 1, "front matter")
    else:
        table = parse_yaml([(line.number, line.text) for line in inner], path)
    meta = front_matter(table, path, inner)
    meta.format = "toml" if fence == FENCE else "yaml"
    return meta, lines[close + 1:]


ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?")


def published_date(value: object) -> str:
    """A TOML date or date-time, or text in ISO form (`2025-07-16`, `2025-07`, `2025`, YAML's
    `2020-07-09T20:15:27+08:00`), as text a `<time datetime>` accepts; "" for anything else."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, str) and ISO_DATE.fullmatch(value.strip()):
        return value.strip()
    return ""


TITLE_DATE = re.compile(r"(?:(?:中華)?民國\s?)?(\d{4}|\d{3}(?=\s*年)|(?:(?<=國)|(?<=國\s))\d{2}(?=\s*年))"
                        r"\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號])(?!\d)")
"""A day: `2024-03-04`, `2024/3/4`, `2024年3月4日`; a Taiwan document's in the years of the Republic
(`中華民國113年3月4日`, `113年3月4日`: 1911 years on), a two-digit one only after 民國 (`99年` may be 1999)."""
ROC_YEARS = 1911


TIME_OF_DAY = re.compile(r"(?:[^\d\s（()）]{1,6}?(?:時間|时间))?\s*\d{1,2}\s*[時时:：]\s*\d{2}\s*分?")
"""A line that is only a time of day, its zone named or not: `香港時間11時05分`."""
DATELINE = re.compile(TITLE_DATE.pattern + r"\s*(?:[（(](?:星期|禮拜|礼拜|週|周)[一二三四五六日天][)）])?"
                      rf"\s*(?:{TIME_OF_DAY.pattern})?")
"""A line that is only a day, its weekday and a time: `2016年6月21日（星期二）香港時間11時05分`."""


def date_of_title(title: str) -> str:
    """The day a title opens with (`2020-05-15 遠見專訪`, `2023/1/18 …`, `2024年4月24日記者會`) in ISO
    form, or "" (it opens otherwise, or names no real day). Archives often name each transcript by its
    day and give no other date; the index pages show and order transcripts by it."""
    return day_of(TITLE_DATE.match(title.strip()))


def date_of_dateline(text: str) -> str:
    """The day of a line that says nothing but when (`DATELINE`), in ISO form, or ""."""
    return day_of(DATELINE.fullmatch(text.strip()))


BYLINE = re.compile(r"(?:原创|原創|Original)\s+[^\s].{0,60}?\s*(?=\d{4}\s*[年/.-])")
"""The byline a WeChat article opens with: 原创 (Original, in its English pages), the author and the account,
then the day and the time it was published (`原创 程曼祺 晚点LatePost 2024年03月21日 08:00`)."""


def date_of_byline(text: str) -> str:
    """The day of a WeChat article's byline (`BYLINE`), in ISO form, or ""."""
    found = BYLINE.match(text.strip())
    return day_of(DATELINE.fullmatch(text.strip(), found.end())) if found else ""


DATE_FIELD = re.compile(r"\s*(?:日[\s\u3000]*期|時[\s\u3000]*間|时[\s\u3000]*间)(?:[\s\u3000]*[:：︰]|[\s\u3000])\s*")
"""The field of a record's header that says when, set off by a colon or a space (`時　　間：`, `日期:`,
`時  間 `: the Legislative Yuan's gazette writes no colon there)."""


def date_of_field(text: str) -> str:
    """The day a line gives as the field that says when, its value opening with a day (a meeting
    record's header: `時　　間：中華民國113年3月4日（星期一）9時1分至12時30分`, `時  間 中華民國105年3月10日(星期四)9時至15時52分`),
    in ISO form, or ""."""
    field = DATE_FIELD.match(text)
    return day_of(TITLE_DATE.match(text, field.end())) if field else ""


def day_of(found: re.Match | None) -> str:
    if not found:
        return ""
    year, month, day = int(found[1]), found[2] or found[4], found[3] or found[5]
    try:
        return datetime.date(year + ROC_YEARS if year < 1000 else year, int(month), int(day)).isoformat()
    except ValueError:  # 2023-02-30
        return ""


def key_line(toml_lines: list[Line], key: str) -> int:
    """The line where a front matter key (or a speaker name) is written, for error messages."""
    for line in toml_lines:
        if re.match(rf'\s*["\']?{re.escape(key)}["\']?\s*[=:]', line.text) or f'"{key}"' in line.text:
            return line.number
    return toml_lines[0].number - 1 if toml_lines else 1


def front_matter(table: dict, path: Path, toml_lines: list[Line]) -> FrontMatter:
    """Validate the TOML table field by field, so a typo is an error and not a silent default."""
    line = lambda key: key_line(toml_lines, key)  # noqa: E731
    meta = FrontMatter()
    # Front matter copied from a blog carries keys of its own (tags, author, url): kept, not published.
    # A key a letter or two from a known one is a typo, and a typo must not pass silently.
    for key in table:
        if key not in KNOWN_KEYS and (close := difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=0.8)):
            raise ContentError.at(path, line(key), f"unknown front matter key {key!r}; did you mean {close[0]!r}?")
    meta.extra = {key: plain(value) for key, value in table.items() if key not in KNOWN_KEYS}
    for key in ("title", "source", "source_url", "source_script", "media"):
        if key in table:
            if not isinstance(table[key], str):
                raise ContentError.at(path, line(key), f"front matter {key!r} must be a string")
            setattr(meta, key, table[key].strip())
    for key in ("source_url", "media"):
        if getattr(meta, key) and (problem := web_address_problem(getattr(meta, key))):
            raise ContentError.at(path, line(key), f"front matter {key!r}: {problem}")
    if not meta.source_url and " " not in meta.source and web_address_problem(meta.source) is None:
        meta.source_url = meta.source  # a web clipper's `source:` is the page's address: a link
    if "date" not in table and published_date(table.get("published")):
        meta.date = published_date(table["published"])  # a web clipper's day the page was published
    if "date" in table:
        meta.date = published_date(table["date"])
        if not meta.date:
            raise ContentError.at(path, line("date"), f"front matter date must be a date such as 2025-07-16 "
                                                      f"(or 2025-07, 2025, 2025-07-16T10:00:00+08:00), "
                                                      f"not {table['date']!r}")
    if meta.source_script and meta.source_script not in SCRIPTS:
        raise ContentError.at(path, line("source_script"), f"source_script must be one of {', '.join(SCRIPTS)}, "
                                          f"not {meta.source_script!r}")
    names = table.get("names", [])
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        raise ContentError.at(path, line("names"), 'front matter names must be a list such as ["黃仁勳", "雷軍"]')
    meta.names = [n.strip() for n in names]
    if "converted" in table:
        meta.converted = converted_setting(table["converted"], path, line("converted"))
    if "region" in table:
        region = table["region"]
        if not isinstance(region, str) or region.strip().upper() not in REGIONS:
            raise ContentError.at(path, line("region"), f"front matter region must be one of "
                                                        f"{', '.join(REGIONS)} (a Traditional source's region), "
                                                        f"not {region!r}")
        meta.region = region.strip().upper()
    speakers = table.get("speakers", {})
    if not isinstance(speakers, dict):
        raise ContentError.at(path, line("speakers"), 'front matter speakers must be a table such as '
                                          '{ "問" = "question", "黃仁勳" = "answer" }')
    for name, role in speakers.items():
        if role not in ROLES:
            raise ContentError.at(path, line(name), f"speaker {name!r} has role {role!r}; "
                                              f"roles are {', '.join(ROLES)}")
        meta.speakers[name] = role
    return meta


def converted_setting(value: object, path: Path, line: int) -> bool | tuple[str, ...]:
    """`converted`: true or false (TOML's, or YAML's read as text), or a list of single characters."""
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    if isinstance(value, bool):
        return value
    if isinstance(value, list) and value and all(isinstance(c, str) and len(c.strip()) == 1
                                                 and "\u3400" <= c.strip() <= "\U0002ffff" for c in value):
        return tuple(c.strip() for c in value)
    raise ContentError.at(path, line, "front matter converted must be true (the text was converted mechanically "
                                      "from Simplified: repair it), false (it is written as it should read: "
                                      "publish it as written) or a list of the characters converted mechanically, "
                                      f'one each, such as ["係", "麵"]; not {value!r}')


def plain(value: object) -> object:
    """A front matter value as JSON can hold it: dates and times become their ISO text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[union-attr]
    return value
