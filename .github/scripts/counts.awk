# Prints `errors=N`, `warnings=N` and `notes=N` from the `summary` object of supportscan's
# JSON report (docs/json.md), for $GITHUB_OUTPUT. A small JSON tokenizer rather than a
# pattern over the text, so a message quoting `"errors": 3` cannot fool it; POSIX awk, for
# the awk of Linux, macOS and Git for Windows (jq is not on every runner).
function value(token) {
  if (depth == 2 && top == "summary" && (key == "errors" || key == "warnings" || key == "notes"))
    print key "=" token
  key = ""
}
{
  line = $0
  while (line != "") {
    if (match(line, /^[ \t\r]+/)) {
      line = substr(line, RLENGTH + 1)
      continue
    }
    c = substr(line, 1, 1)
    if (c == "\"") {
      if (!match(line, /^"([^"\\]|\\.)*"/)) { bad = 1; exit }
      string = substr(line, 2, RLENGTH - 2)
      line = substr(line, RLENGTH + 1)
      pending = 1
      continue
    }
    if (match(line, /^[-0-9.eE+a-z]+/)) {
      value(substr(line, 1, RLENGTH))
      line = substr(line, RLENGTH + 1)
      continue
    }
    line = substr(line, 2)
    if (c == ":") {
      if (pending) key = string
      if (depth == 1) top = key
      pending = 0
    } else if (c == "{" || c == "[") {
      depth++
      key = ""
    } else if (c == "}" || c == "]") {
      depth--
      pending = 0
    } else if (c == ",") {
      pending = 0
      key = ""
    } else {
      bad = 1
      exit
    }
  }
}
END { if (bad || depth != 0) exit 1 }
