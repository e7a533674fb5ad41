{{%AUTOESCAPE context="HTML"}}{{!
  link.tpl: one link of a menu or a program, on one line with no line
  break around it (it sits inside list items and headings). A mailto:
  link carries its scheme in the template and its address in ADDRESS:
  auto-escaping lets only http(s) and relative URLs start an href.
}}{{#MAILTO}}<a href="mailto:{{ADDRESS}}"{{#CURRENT}} aria-current="{{VALUE}}"{{/CURRENT}}>{{LABEL}}</a>{{/MAILTO}}{{#WEB}}<a href="{{HREF}}"{{#CURRENT}} aria-current="{{VALUE}}"{{/CURRENT}}>{{LABEL}}</a>{{/WEB}}