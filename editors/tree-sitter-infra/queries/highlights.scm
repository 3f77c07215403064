; Highlights for .infra. Capture names follow the common set that Neovim, Helix and
; Zed themes know.

(comment) @comment

; Blocks: `kind name "label" { ... }`
(block kind: (kind) @keyword)
(block name: (name) @type)
(block label: (label) @string)

; Attributes: `key = value`
(attribute key: (key) @property)

; Flows: `a -> b : https/8443 { ... }`
(protocol name: (protocol_name) @constant.builtin)
(protocol port: (port) @number)

; Values
(string) @string
(number) @number
(duration) @number
(ip) @number
(ipv6) @number
(listener) @constant.builtin
(date) @number
(boolean) @boolean

; References: `internet` is built in; every other name refers to something declared.
((identifier) @variable.builtin
  (#eq? @variable.builtin "internet"))
((identifier) @variable
  (#not-eq? @variable "internet"))
(path) @variable

["=" "->" ":" "/"] @operator
["," ] @punctuation.delimiter
["{" "}" "[" "]"] @punctuation.bracket
