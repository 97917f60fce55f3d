"""Interface strings, written once in Traditional script and converted like the text.

Templates use them as `ui.key`; a misspelt key fails the build (StrictUndefined).
"""
SITE_NAME = "集注"
"""The product's name, the same in every script (OpenCC would make it 集註)."""

UI = {
    "skip_to_content": "跳到正文",
    "contents": "目錄",
    "key_points": "核心觀點",
    "intro": "導言",
    "permalink": "本段連結",
    "copy_link": "複製連結",
    "copied": "已複製",
    "copy_failed": "無法複製，請手動複製網址",
    "share_page": "分享頁",
    "copy_share_link": "複製分享連結",
    "copy_quote": "複製引文",
    "read_in_context": "在全文中閱讀這段問答",
    "not_found": "找不到這個頁面",
    "not_found_help": "網址可能有誤，或頁面已經移動。所有逐字稿都在這裡：",
    "all_transcripts": "全部逐字稿",
    "switch_script": "繁簡切換",
    "read_in": "閱讀",
    "transcripts": "逐字稿",
    "source": "來源",
    "date": "日期",
    "pairs": "問答",
    "data": "JSON 資料",
    "generated_by": "由-{集注}-產生",  # -{…}-: the name is never converted
}

NOTE_UI = {
    "notes": "注釋",
    "note": "注",
    "glossary": "詞彙表",
    "back_to_text": "回到原文",
    "read_more": "展開全文",
    "read_less": "收起",
}
"""Interface strings of notes and the glossary (templates: `note_ui.key`)."""
