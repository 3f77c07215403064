; Every block declares its name; references are resolved by infrac itself (dotted
; paths and unique bare names), which the language server's go-to-definition does.
(source_file) @local.scope
(block name: (name) @local.definition)
(identifier) @local.reference
