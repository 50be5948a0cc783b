"""Text kept in data files in both languages: a record holds `text` and `text_en`; pages show
the one for the user's language (the 2024 questionnaire in marketplace/data/)."""

from flask_babel import get_locale


def said(record, key: str):
    """record[key] in Chinese, record[key + '_en'] in English when present."""
    if str(get_locale()) == "en":
        english = record.get(f"{key}_en")
        if english:
            return english
    return record.get(key)
