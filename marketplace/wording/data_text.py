"""Text kept in data files in both languages: a record holds `text` and `text_en`; pages show
the one for the user's language (the 2024 questionnaire and the subsidy policies in
marketplace/data/)."""

from flask_babel import get_locale


def said(record, key: str):
    """record[key] in Chinese, record[key + '_en'] in English when present; a record is a dict
    (a data file's entry) or an object with those attributes (a subsidy estimate's item)."""

    def read(name):
        return record.get(name) if isinstance(record, dict) else getattr(record, name, None)

    if str(get_locale()) == "en":
        english = read(f"{key}_en")
        if english:
            return english
    return read(key)
