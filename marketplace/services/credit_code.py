"""统一社会信用代码 (GB 32100-2015): 18 characters, the last one a check character."""

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, Z, S, V
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def normalise_credit_code(code: str) -> str:
    return (code or "").strip().upper()


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why `code` is not a valid credit code: 'length', 'charset' or 'check'; None if valid."""
    code = normalise_credit_code(code)
    if len(code) != 18:
        return "length"
    if any(ch not in ALPHABET for ch in code):
        return "charset"
    if check_character(code[:17]) != code[17]:
        return "check"
    return None


def make_credit_code(seed: int, region: str = "350200") -> str:
    """A valid code for demo data and tests: 91 (enterprise, company) + region + 9-char body."""
    n = seed * 1_000_003 + 12_345  # distinct seeds give distinct bodies below 31**9
    body = ""
    for _ in range(9):
        n, digit = divmod(n, 31)
        body = ALPHABET[digit] + body
    first17 = "91" + region + body
    return first17 + check_character(first17)
