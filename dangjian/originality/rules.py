"""Rules of the originality check (查重), each with where it comes from."""

# CNKI 知网查重: 13 identical consecutive characters count as copied.
MIN_COPIED_RUN = 13
# Longest text accepted for a check (characters of the decoded text).
MAX_TEXT_CHARS = 200_000
# Largest uploaded file; a 200,000-character .docx stays far below this.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
UPLOAD_EXTENSIONS = (".txt", ".docx")
# Ratios at or above these are shown as a warning / a failure colour on the report.
RATIO_WARN = 0.15
RATIO_HIGH = 0.30
# Checks listed per page in the history.
PAGE_SIZE = 30
# A .docx is a zip of XML, so a small upload can unpack to a huge document (a 51 KB file of
# 2 million empty paragraphs took 52 s to open whole). Its body is streamed and refused at the
# first limit: the unpacked body (a 200,000-character document with heavy formatting is about
# 20 MB of XML), and paragraphs (a real 200,000-character text has a few thousand).
DOCX_MAX_UNPACKED_BYTES = 64 * 1024 * 1024
DOCX_MAX_PARAGRAPHS = 50_000
