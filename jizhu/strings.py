"""Interface strings: one reviewed table per script, never converted.

A Mainland reader writes 复制链接, 本段链接 and JSON 数据, not the 复制连结 and
JSON 资料 that converting Taiwan wording character by character gives, so each
script's strings are written as its readers write them. Taiwan and Hong Kong
pages use the Traditional table. Each script has one word for a note: 註 in
Traditional, 注 in Simplified (tests/test_strings.py checks both tables).

Templates use them as `ui.key` (and, for notes and the glossary, `note_ui.key`:
the same table); a misspelt key fails the build (StrictUndefined).
"""
from __future__ import annotations

SITE_NAME = "集注"
"""The product's name, the same in every script (OpenCC would make it 集註)."""

TRADITIONAL = {
    "links": "文中連結",
    "skip_to_content": "跳到正文",
    "contents": "目錄",
    "key_points": "核心觀點",
    "intro": "導言",
    "cast": "出場人物",
    "permalink": "本段連結",
    "answer_link": "本題連結",
    "share": "分享",
    "copy_link": "複製連結",
    "copied": "已複製",
    "copy_failed": "無法複製，請手動複製網址",
    "share_page": "分享頁",
    "copy_share_link": "複製分享頁連結",
    "copy_quote": "複製引文",
    "copy_answer": "複製這段回答",
    "read_in_context": "在全文中閱讀這段問答",
    "not_found": "找不到這個頁面",
    "not_found_help": "網址可能有誤，或頁面已經移動。所有逐字稿都在這裡：",
    "all_transcripts": "全部逐字稿",
    "switch_script": "繁簡切換",
    "read_in": "閱讀",
    "transcripts": "逐字稿",
    "year": "{} 年",
    "undated": "未註明日期",
    "source": "來源",
    "date": "日期",
    "pairs": "問答",
    "data": "JSON 資料",
    "generated_by": f"由{SITE_NAME}產生",
    "removed_answer": "這個回答已在修訂時刪除。",
    "removed_section": "這一節已在修訂時刪除。",
    "removed_text": "這段文字已在修訂時刪除。",
    "merged_answer": "這個問答已在修訂時併入其他段落。",
    "where_it_was": "到全文中它原來所在的位置",
    "notes": "註釋",
    "note": "註",
    "editor_note": "編者註",
    "voice": "插話",
    "glossary": "詞彙表",
    "back_to_text": "回到原文",
    "full_entry": "詞彙表全文",
    "read_more": "展開",
    "read_less": "收起",
    "search": "搜尋",
    "search_label": "搜尋全部逐字稿",
    "search_placeholder": "搜尋（按 / 鍵）",
    "search_results": "搜尋結果",
    "search_count": "找到 %d 段",
    "search_none": "找不到相符的段落",
    "search_all": "全部結果與篩選",
    "search_error": "無法載入搜尋索引",
    "search_needs_js": "搜尋需要 JavaScript。請開啟 JavaScript，或從下列逐字稿和章節找起：",
    "search_words": "關鍵字",
    "search_filters": "篩選",
    "filter_speaker": "發言人",
    "filter_transcript": "逐字稿",
    "filter_any": "全部",
    "filter_from": "起始日期",
    "filter_to": "結束日期",
}

SIMPLIFIED = {
    "links": "文中链接",
    "skip_to_content": "跳到正文",
    "contents": "目录",
    "key_points": "核心观点",
    "intro": "导语",
    "cast": "出场人物",
    "permalink": "本段链接",
    "answer_link": "本题链接",
    "share": "分享",
    "copy_link": "复制链接",
    "copied": "已复制",
    "copy_failed": "无法复制，请手动复制网址",
    "share_page": "分享页",
    "copy_share_link": "复制分享页链接",
    "copy_quote": "复制引文",
    "copy_answer": "复制这段回答",
    "read_in_context": "在全文中阅读这段问答",
    "not_found": "找不到这个页面",
    "not_found_help": "网址可能有误，或页面已经移动。所有实录都在这里：",
    "all_transcripts": "全部实录",
    "switch_script": "繁简切换",
    "read_in": "阅读",
    "transcripts": "实录",
    "year": "{} 年",
    "undated": "未注明日期",
    "source": "来源",
    "date": "日期",
    "pairs": "问答",
    "data": "JSON 数据",
    "generated_by": f"由{SITE_NAME}生成",
    "removed_answer": "这个回答已在修订时删除。",
    "removed_section": "这一节已在修订时删除。",
    "removed_text": "这段文字已在修订时删除。",
    "merged_answer": "这个问答已在修订时并入其他段落。",
    "where_it_was": "到全文中它原来所在的位置",
    "notes": "注释",
    "note": "注",
    "editor_note": "编者注",
    "voice": "插话",
    "glossary": "词汇表",
    "back_to_text": "回到原文",
    "full_entry": "词汇表全文",
    "read_more": "展开",
    "read_less": "收起",
    "search": "搜索",
    "search_label": "搜索全部实录",
    "search_placeholder": "搜索（按 / 键）",
    "search_results": "搜索结果",
    "search_count": "找到 %d 段",
    "search_none": "没有找到匹配的段落",
    "search_all": "全部结果和筛选",
    "search_error": "无法加载搜索索引",
    "search_needs_js": "搜索需要 JavaScript。请启用 JavaScript，或从下面的实录和章节开始找：",
    "search_words": "关键词",
    "search_filters": "筛选",
    "filter_speaker": "发言人",
    "filter_transcript": "实录",
    "filter_any": "全部",
    "filter_from": "开始日期",
    "filter_to": "结束日期",
}

TABLES = {"zh-Hant": TRADITIONAL, "zh-Hans": SIMPLIFIED}
"""Each script family's table; zh-Hant-TW and zh-Hant-HK pages read the Traditional one."""


def interface(lang: str) -> dict[str, str]:
    """The interface strings of a page whose `lang` is given (zh-Hant, zh-Hans, zh-Hant-TW …)."""
    return TABLES["zh-Hans" if lang.startswith("zh-Hans") else "zh-Hant"] | {"site_name": SITE_NAME}
