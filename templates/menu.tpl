{{%AUTOESCAPE context="HTML"}}
{{!
  menu.tpl: the main menu, two levels; a long section shows its first
  entries (menu_entries_shown) and MORE, a link to its page, which lists
  them all. Without JavaScript, on a phone,
  the header's "Menu" link targets #site-menu, which CSS then shows;
  on a desktop each section opens on hover and on keyboard focus.
  static/site.js, where it runs, makes "Menu" a button with
  aria-expanded, and gives each section with entries a toggle.
}}
<nav id="site-menu" class="site-menu" aria-label="Main">
<a class="menu-close" href="#">Close menu</a>
<ul class="site-menu__sections">
{{#ENTRY}}<li class="site-menu__section">
{{>LINK}}{{#CHILDREN}}<ul class="site-menu__entries">
{{#CHILD}}<li>{{>LINK}}</li>
{{/CHILD}}{{#MORE}}<li class="site-menu__more"><a href="{{HREF}}">All {{COUNT}} entries in {{SECTION}}</a></li>
{{/MORE}}</ul>
{{/CHILDREN}}</li>
{{/ENTRY}}</ul>
</nav>
