"""Bytes to text: detect the encoding, say which one it was, never raise.

Order of evidence: a byte-order mark; known binary signatures and NUL/control-byte
density (binary files are skipped); strict UTF-8; the NUL pattern of BOM-less UTF-16;
charset-normalizer restricted to the encodings Chinese collections actually use; and
last, UTF-8 with the invalid byte runs replaced (a warning names where they were).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace

import charset_normalizer

# Encodings a collection of Chinese documents realistically comes in. GB18030 is a
# superset of GBK and GB2312, so one name covers all three.
CANDIDATES = ("utf_8", "gb18030", "big5", "utf_16_le", "utf_16_be")

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),   # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Leading bytes of common binary formats that end up renamed as .txt in scraped folders.
BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
    (b"BM", "BMP image"),
    (b"RIFF", "RIFF media file"),
    (b"\xd0\xcf\x11\xe0", "legacy Office document"),
)

# About 870 of the most frequent Han characters in both scripts: mojibake from the wrong
# double-byte table is mostly rare characters, so this settles GB18030 against Big5.
COMMON_HAN = frozenset(
    "一七万三上下不与专且世业东两严並个中临为主丽举久么义之乎乐九也习书买乱乾亂了争事二于云互五亚些亞交产京亮亲人什仅今介仍从"
    "他付代令以们件价任份企伊众优会传伤伯似但位低住体佔何余佛作你使來例供依便保信修個們倒候值假做停備傳傷僅像價優儿元充先光克"
    "免兒党入內全兩八公六兰共关兴兵其具养内再写军农冲决况冷准几出击分切划列刘则刚创初判別利别到制刻則前剛副創劃劉力办功加务动"
    "助劳势動務勝勞勢包化北区医區十千升半华协協单南占卡卫印危即却卻历压原去参參又及友双反发取受变口古句另只叫可台史右号司吃各"
    "合同名后向吗否吧听告员呢周味呼命和品哈响員哥哪售商啊問善喜喫單嗎器嚴四回因团围国图國圍圖團土在地场坏坐块坚型城域執基堅報"
    "場塊境增壓壞士声处备复外多夜够夠大天太夫央失头奇奥奧女她好如妈始姐委威媽子字存学孩學它守安完宗官定宝实审客宣室害家容密富"
    "察實審寫寶对导射将將專對導小少尔就尼尽局层居展属層屬山岁岛島州工左差己已巴市布师希帝带師帮帶常幫干平年并幾广序应底店府度"
    "座廣建开异式引弟张張強弹强彈当形影往征待很律後得從微徵德心必志忙快念怀态怎怕思急性怪总息恶您情惊惡想意愛感愿態慢應懷成我"
    "或战戰戶户房所手才打托执批找承技把投抗护报担拉括拿持指按挥换据掉排採接控推提換揮擊擔據支收改攻放政故效敌教敢数整敵數文斗"
    "料断斯新斷方於施族无既日早时明易星是显時晚普景暗更書曾最會月有服望朝期木未本术机杀杂权李村条来東极构林果架某查标树校样核"
    "根格案條检業極概構樂標模樣樹機檢權次欢欧款歐歡止正此步武歲歷死段殺母每比毛民气氣水永求汉江決沉沒沙没河治況法波注洋洲活派"
    "流济海消淘深清游湖源準满滿演漢激濟火灵点烈热無然照熱營爭爱爲父爾片版物特犯状狀独猫獨獲率王环现現球理環甚生產用田由电男界"
    "留略異當疑病痛登發白百的皇皮益监盡監目直相省看真眼着知石研破确確示社神福离种科积称稅程税種稱積究空穿突立站竟章笑第等答策"
    "简算管節範簡米类精系紀約紅納級素索紧細終組結絕絡給統經維網緊線總織繼續红约级纪纳线组细织终经结给络绝统继续维网罗罪置羅美"
    "羣群義習老考者而职联聞聯聲職聽股育背胜胡能脑脚脸腦腳臉臨自至致臺與興舉航般舰船艦良色艺节花苏若苦英范草药获華营萬落著藝藥"
    "蘇蘭處號虽血衆行術衛衝衣表被装裏裝西要覆見規視親覺觀见观规视觉角解言計討記設許訴評試話該認語誤說誰調談請論講證識警議護讀"
    "變讓计认讨让议记讲许论设证评识诉试话该语误说请读谁调谈象貓負財貨責買費資質購负财责货质购费资走起超越足跟路身車軍較輕轉车"
    "转轻较辦農边达过运近还这进远连述追退送适选這通速造連進運過道達遠適選還邊那部都配酒醫采释釋里重野量金銀銷鋪錢錯鍾鐵钟钱铁"
    "银铺销错長长門開間關门问间闻队防阳阵阶阿际陆陈降限院陣除险陳陸陽隊階随際隨險难集雖雙雜離難雲雷電需露靈青静靜非靠面革音響"
    "項須預頓領頭題額願類顧顯项须顾顿预领题额風风飛飞食養餘首香馬驗驚马验體高鬥魚鱼麗麼黃黄黑點黨龍龙"
)

MAX_REPORTED_RUNS = 20     # invalid UTF-8 runs listed by offset in the warning
MAX_INVALID_SHARE = 0.02   # above this share of bad bytes the text is not UTF-8 at all
SNIFF_BYTES = 64 * 1024    # enough for detection; whole 10 MB files would be slow


@dataclass(frozen=True)
class Decoded:
    """The text of a source, the encoding it was read with, and what went wrong."""

    text: str
    encoding: str
    problems: tuple[tuple[str, str, str], ...] = ()   # (code, detail, severity)

    @property
    def skipped(self) -> bool:
        return any(severity == "error" for _, _, severity in self.problems)


def decode_bytes(data: bytes) -> Decoded:
    """Decode one source file. Binary and empty files come back with an error problem."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return _finish(data[len(bom):].decode(name.replace("-sig", ""), errors="replace"), name)
    padding = _nul_padding(data)
    if padding:   # a text file padded to a block size: the text is whole before it
        decoded = decode_bytes(data[:-padding])
        return replace(decoded, problems=decoded.problems + (
            ("encoding", f"{padding} NUL byte(s) of padding at the end removed", "warning"),))
    binary = _binary_kind(data)
    if binary:
        return Decoded("", "binary", (("binary", f"binary file ({binary}), not a text document", "error"),))
    try:
        return _finish(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_by_nul_pattern(data)
    if utf16:
        return _finish(data.decode(utf16, errors="replace"), utf16)
    detected = _detect(data)
    if detected:
        return _finish(data.decode(detected, errors="replace"), detected)
    text, runs = _decode_utf8_with_runs(data)
    return _finish(text, "utf-8", (("encoding", _describe_runs(runs), "warning"),))


def _finish(text: str, encoding: str, problems: tuple = ()) -> Decoded:
    encoding = codecs.lookup(encoding).name if encoding != "utf-8-sig" else encoding
    if not text.strip(" \t\r\n\f\v\u3000\ufeff\u200b"):
        return Decoded(text, encoding, problems + (("empty", "empty or whitespace-only file", "error"),))
    if "\ufffd" in text and not problems:
        count = text.count("\ufffd")
        problems = (("encoding", f"{count} undecodable character(s) replaced with U+FFFD "
                                 f"(read as {encoding})", "warning"),)
    return Decoded(text, encoding, problems)


def _nul_padding(data: bytes) -> int:
    """How many NUL bytes end `data` when they are its only ones and text stands before
    them (some archives pad text files to a block size); 0 otherwise."""
    if not data.endswith(b"\x00"):
        return 0
    text = data.rstrip(b"\x00")
    if not text or b"\x00" in text or _utf16_by_nul_pattern(data):
        return 0
    return len(data) - len(text)


def _binary_kind(data: bytes) -> str:
    for signature, name in BINARY_SIGNATURES:
        if data.startswith(signature) and not _mostly_text(data[:SNIFF_BYTES]):
            return name
    head = data[:SNIFF_BYTES]
    if _utf16_by_nul_pattern(head):
        return ""
    if b"\x00" in head:
        return "contains NUL bytes"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))   # one pass, not 27 counts
    if head and controls / len(head) > 0.10:
        return "mostly control bytes"
    return ""


# Control bytes that text files do not hold (tab, LF, FF, CR and ESC are fine).
_CONTROL_BYTES = bytes(c for c in range(32) if c not in (9, 10, 12, 13, 27))


def _mostly_text(head: bytes) -> bool:
    """Signatures such as 'MZ' or 'BM' can start a real text file: check the rest."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:   # a cut multi-byte character at the end is fine
            return False
    return b"\x00" not in head


def _utf16_by_nul_pattern(data: bytes) -> str:
    """BOM-less UTF-16 (NUL bytes come from ASCII and from characters such as 一 U+4E00):
    the byte order whose decoding reads as text, if either does."""
    head = data[:SNIFF_BYTES - SNIFF_BYTES % 2]
    if len(head) < 4 or b"\x00" not in head:
        return ""
    scores = {}
    for candidate in ("utf-16-le", "utf-16-be"):
        try:
            scores[candidate] = _text_likeness(head.decode(candidate))
        except UnicodeDecodeError:
            continue
    best = max(scores, key=scores.get, default="")
    return best if best and scores[best] >= 0.4 else ""


def _text_likeness(text: str) -> float:
    """Share of characters that running Chinese or English text is made of."""
    if not text or "\x00" in text:   # text files hold no NUL characters
        return 0.0
    usual = sum(1 for ch in text if ch in COMMON_HAN or " " <= ch <= "~" or ch in "\t\r\n"
                or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef")
    return usual / len(text)


def _detect(data: bytes) -> str:
    """charset-normalizer over the candidate encodings, unless UTF-8 is only lightly damaged."""
    head = data[:SNIFF_BYTES]
    _, runs = _decode_utf8_with_runs(head)
    bad = sum(length for _, length in runs)
    good = len(_UTF8_SEQUENCE.findall(head))
    if bad <= MAX_INVALID_SHARE * len(head) and good >= 10 * bad:
        return ""   # good UTF-8 with a few broken runs: replace them and warn
    try:
        best = charset_normalizer.from_bytes(head, cp_isolation=list(CANDIDATES)).best()
    except Exception:   # noqa: BLE001 - a detector failure must not lose the file: read as UTF-8
        return ""
    if best is None or best.encoding == "utf_8":
        return ""
    if best.encoding in ("gb18030", "big5"):
        return max(("gb18030", "big5"), key=lambda enc: _plausibility(head, enc))
    return best.encoding


def _plausibility(head: bytes, encoding: str) -> float:
    """Share of Han characters that are common ones (-1 if the bytes do not decode)."""
    try:
        text = head.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 2:      # a character cut at the sniff boundary is fine
            return -1.0
        text = head[:exc.start].decode(encoding)
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    return sum(ch in COMMON_HAN for ch in han) / len(han) if han else 0.0


# A well-formed two-, three- or four-byte UTF-8 sequence.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _decode_utf8_with_runs(data: bytes) -> tuple[str, list[tuple[int, int]]]:
    """UTF-8 with invalid runs replaced; returns the text and (byte offset, length) per run.

    surrogateescape keeps each bad byte as a lone surrogate, so runs can be located in
    one linear pass instead of re-decoding after every error."""
    escaped = data.decode("utf-8", errors="surrogateescape")
    runs: list[tuple[int, int]] = []
    byte_offset, char_offset = 0, 0
    for match in _ESCAPED_RUN.finditer(escaped):
        if len(runs) < MAX_REPORTED_RUNS:   # exact offsets only for the runs we name
            byte_offset += len(escaped[char_offset:match.start()].encode("utf-8", "surrogateescape"))
            char_offset = match.start()
            runs.append((byte_offset, len(match.group())))
        else:
            runs.append((-1, len(match.group())))
    return _ESCAPED_RUN.sub("\ufffd", escaped), runs


_ESCAPED_RUN = re.compile("[\udc80-\udcff]+")


def _describe_runs(runs: list[tuple[int, int]]) -> str:
    total = sum(length for _, length in runs)
    shown = ", ".join(f"offset {start} ({length} byte{'s' if length > 1 else ''})"
                      for start, length in runs[:MAX_REPORTED_RUNS] if start >= 0)
    more = f" and {len(runs) - MAX_REPORTED_RUNS} more" if len(runs) > MAX_REPORTED_RUNS else ""
    return (f"invalid UTF-8: {len(runs)} run(s), {total} byte(s) replaced with U+FFFD "
            f"at {shown}{more}")
