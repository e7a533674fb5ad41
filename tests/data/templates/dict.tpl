{{%AUTOESCAPE context="HTML"}}{{!
  dict.tpl: test-template's check of template.cc's dictionaries: values,
  globals, sections within sections, includes, and sections and
  includes found in the dictionaries above.
}}[{{A}}|{{B}}|{{I}}|{{G}}|{{N}}|{{UNUSED_999}}]{{#S}}(s:{{A}}{{C}}{{#T}}(t:{{A}}{{B}}{{C}}{{>INC}}){{/T}}{{#UP}}^{{/UP}}){{/S}}{{>INC}}{{#SHOWN}}shown:{{A}}{{/SHOWN}}{{#HIDDEN}}hidden{{/HIDDEN}}[{{LONG}}]
