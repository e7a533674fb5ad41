{{%AUTOESCAPE context="HTML"}}{{!
  dict.tpl: test-template's check of template.cc's dictionaries: values,
  sections within sections, includes, and a section shown twice.
}}[{{A}}|{{B}}|{{I}}]{{#S}}(s:{{A}}{{C}}{{#T}}<t:{{A}}{{C}}>{{/T}}){{/S}}{{>INC}}{{#SHOWN}}shown:{{A}}{{/SHOWN}}{{#HIDDEN}}hidden{{/HIDDEN}}[{{LONG}}]
