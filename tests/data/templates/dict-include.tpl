{{%AUTOESCAPE context="HTML"}}{{!
  dict-include.tpl: included by dict.tpl; sees its own values and the
  globals, not those of the template that includes it.
}}{inc:{{A}}{{G}}{{D}}}