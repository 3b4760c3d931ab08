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
# Checks one user may request per hour (settings.DANGJIAN_ORIGINALITY_CHECKS_PER_HOUR
# overrides): a reviewer pasting the notes of a branch meeting stays far below it; a script
# rebuilding a hidden text a character per check (issue 20) does not.
CHECKS_PER_HOUR = 60
# A run that looks like probing another organization's hidden text: PROBE_RUN earlier texts
# of one user within PROBE_WINDOW_MINUTES, each of at most PROBE_MAX_CHARS matching
# characters and nearly identical to the new one (difflib ratio ≥ PROBE_SIMILARITY: one
# character added or changed in a 13-character probe scores 0.96, two texts of the same
# length sharing nothing score 0). Real notes are thousands of characters long.
PROBE_RUN = 5
PROBE_WINDOW_MINUTES = 10
PROBE_MAX_CHARS = 200
PROBE_SIMILARITY = 0.8
PROBE_LOOKBACK = 50  # the user's most recent texts compared, at most
