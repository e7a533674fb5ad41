{{%AUTOESCAPE context="HTML"}}
{{! admin-menus.tpl: both menus as trees, or (FOUND) the entries a search,
    filter or order (FILTER: admin-list-filter.tpl) lets through (SOME:
    COUNT of them), or NONE_FOUND; each entry is an admin-row.tpl. }}
<h1>Menus</h1>
{{>FILTER}}{{>BULK}}
{{#FOUND}}<section aria-labelledby="found-heading">
<h2 id="found-heading">Entries found</h2>
{{#NONE_FOUND}}<p class="list-count" role="status">No menu entry matches this search and filter.</p>
{{/NONE_FOUND}}{{#SOME}}<p class="list-count">{{COUNT}} {{WORD}} found.</p>
{{/SOME}}<ul class="tree">{{#ENTRY}}<li>{{>ROW}}</li>
{{/ENTRY}}</ul>
</section>
{{/FOUND}}
{{#MAIN}}<section aria-labelledby="main-menu-heading">
<h2 id="main-menu-heading">Main menu</h2>
<p class="page-actions"><a class="button-link" href="/admin/edit?type=menu_entry&amp;place=main">Add a section to the main menu</a></p>
<ul class="tree" data-empty="The main menu is empty.">{{#ENTRY}}<li>{{>ROW}}
{{#SECTION}}<ul>
{{#CHILD}}<li>{{>ROW}}</li>
{{/CHILD}}<li class="tree-add"><a href="/admin/edit?type=menu_entry&amp;place={{ID}}">Add an entry under {{LABEL}}</a></li>
</ul>
{{/SECTION}}</li>
{{/ENTRY}}</ul>
</section>
{{/MAIN}}
{{#FOOTER}}<section aria-labelledby="footer-menu-heading">
<h2 id="footer-menu-heading">Footer menu</h2>
<p class="page-actions"><a class="button-link" href="/admin/edit?type=menu_entry&amp;place=footer">Add an entry to the footer menu</a></p>
<ul class="tree" data-empty="The footer menu is empty.">{{#ENTRY}}<li>{{>ROW}}</li>
{{/ENTRY}}</ul>
</section>
{{/FOOTER}}
