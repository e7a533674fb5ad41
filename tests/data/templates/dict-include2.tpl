{{%AUTOESCAPE context="HTML"}}{{!
  dict-include2.tpl: the second include of dict.tpl, another file.
}}{inc2:{{A}}{{G}}{{D}}}