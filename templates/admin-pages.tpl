{{%AUTOESCAPE context="HTML"}}
{{! admin-pages.tpl: the pages, unpublished ones included. TREE: each
    page with the pages below its path in a <details> that collapses them
    (no script); TABLE: the pages a search or filter found, or the whole
    list sorted, a hundred at a time. The filter form keeps what was
    chosen. EDITOR: a page's checkbox for the bulk action (BULK:
    admin-bulk-bar.tpl) and the actions of editors. }}
<h1>Pages</h1>
<p class="page-actions"><a class="button-link" href="/admin/edit?type=page">Create a page</a>
{{#TREE_SHOWN}}<a href="/admin/pages?view=list">Show as a list</a>{{/TREE_SHOWN}}{{#LIST_SHOWN}}<a href="/admin/pages">Show as a tree</a>{{/LIST_SHOWN}}</p>
<form class="list-search list-filter" method="get" action="/admin/pages" role="search">
<input type="hidden" name="view" value="list">
<p><label for="page-search">Title or path holds</label>
<input id="page-search" name="q" type="search" value="{{QUERY}}" maxlength="200"></p>
<p><label for="page-status">Status</label>
<select id="page-status" name="status"><option value="">Any</option>{{#STATUS_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{TEXT}}</option>{{/STATUS_OPTION}}</select></p>
<p><label for="page-draft">Draft pending</label>
<select id="page-draft" name="draft"><option value="">Either</option><option value="yes"{{#DRAFT_YES}} selected{{/DRAFT_YES}}>Yes</option><option value="no"{{#DRAFT_NO}} selected{{/DRAFT_NO}}>No</option></select></p>
<p><label for="page-author">Author (user name)</label>
<input id="page-author" name="author" type="text" value="{{AUTHOR}}" maxlength="200"></p>
<p><label for="page-sort">Sort by</label>
<select id="page-sort" name="sort">{{#SORT_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{TEXT}}</option>{{/SORT_OPTION}}</select>
<select name="order" aria-label="Order"><option value="asc">Ascending</option><option value="desc"{{#DESCENDING}} selected{{/DESCENDING}}>Descending</option></select></p>
<p><button type="submit">Find</button>{{#SEARCHED}} <a href="/admin/pages">All pages</a>{{/SEARCHED}}</p>
</form>
<p class="list-count">{{COUNT}}.</p>
{{>BULK}}
{{#TREE}}<ul class="tree page-tree" data-empty="No pages.">
{{#NODE}}<li><div class="tree-row tree-node">{{#EDITOR}}<input type="checkbox" form="bulk-form" name="id" value="{{ID}}" id="pick-{{ID}}"><label class="visually-hidden" for="pick-{{ID}}">Tick {{TITLE}}</label> {{/EDITOR}}<a class="tree-label" href="/admin/edit?type=page&amp;id={{ID}}">{{TITLE}}</a> <a class="path tree-target" href="{{PATH}}">{{PATH}}</a> <span class="status status-{{STATUS}}">{{STATUS_TEXT}}</span>{{#DRAFT_PENDING}} <span class="tag">Draft pending</span>{{/DRAFT_PENDING}}
<span class="actions"><a href="{{CHILD_HREF}}">Add child page<span class="visually-hidden"> under {{TITLE}}</span></a>
{{#EDITOR}}<a href="/admin/move-page?id={{ID}}">Move under…<span class="visually-hidden"> ({{TITLE}})</span></a>
{{/EDITOR}}<a href="/admin/edit?type=page&amp;copy={{ID}}">Duplicate<span class="visually-hidden"> {{TITLE}}</span></a>
<a href="/admin/programs?page={{ID}}">Programs ({{PROGRAMS}})<span class="visually-hidden"> of {{TITLE}}</span></a>
<a href="/admin/history?type=page&amp;id={{ID}}">History<span class="visually-hidden"> of {{TITLE}}</span></a></span></div>
{{#PARENT}}<details open><summary>{{BELOW}} {{BELOW_WORD}} below “{{TITLE}}”</summary><ul>
{{/PARENT}}{{#LEAF}}</li>
{{/LEAF}}{{#CLOSE}}</ul></details></li>
{{/CLOSE}}{{/NODE}}</ul>
{{/TREE}}
{{#TABLE}}<div class="table-wrap" data-empty="No pages{{#SEARCHED}} found{{/SEARCHED}}.">
<table class="list page-list">
<caption class="visually-hidden">Pages</caption>
<thead><tr>{{#CAN_PUBLISH}}<th scope="col"><span class="visually-hidden">Tick</span></th>{{/CAN_PUBLISH}}<th scope="col">Title</th><th scope="col">Path</th><th scope="col">Status</th><th scope="col">Author</th><th scope="col">Updated</th><th scope="col">Actions</th></tr></thead>
<tbody>{{#PAGE}}<tr>{{#EDITOR}}<td data-label="Tick"><input type="checkbox" form="bulk-form" name="id" value="{{ID}}" id="pick-{{ID}}"><label class="visually-hidden" for="pick-{{ID}}">Tick {{TITLE}}</label></td>{{/EDITOR}}<td data-label="Title" class="strong">{{TITLE}}</td><td data-label="Path" class="path"><a href="{{PATH}}">{{PATH}}</a></td><td data-label="Status">{{STATUS_TEXT}}{{#DRAFT_PENDING}} <span class="tag">Draft pending</span>{{/DRAFT_PENDING}}</td><td data-label="Author">{{AUTHOR}}</td><td data-label="Updated" class="nowrap"><time datetime="{{UPDATED_ISO}}">{{UPDATED}}</time></td>
<td class="actions" data-label="Actions"><a href="/admin/edit?type=page&amp;id={{ID}}">Edit<span class="visually-hidden"> {{TITLE}}</span></a>
<a href="{{CHILD_HREF}}">Add child page<span class="visually-hidden"> under {{TITLE}}</span></a>
{{#EDITOR}}<a href="/admin/move-page?id={{ID}}">Move under…<span class="visually-hidden"> ({{TITLE}})</span></a>
{{/EDITOR}}<a href="/admin/edit?type=page&amp;copy={{ID}}">Duplicate<span class="visually-hidden"> {{TITLE}}</span></a>
<a href="/admin/programs?page={{ID}}">Programs ({{PROGRAMS}})<span class="visually-hidden"> of {{TITLE}}</span></a>
<a href="/admin/history?type=page&amp;id={{ID}}">History<span class="visually-hidden"> of {{TITLE}}</span></a></td></tr>
{{/PAGE}}</tbody>
</table>
</div>
{{/TABLE}}
{{#PAGING}}<nav class="paging" aria-label="More pages">{{#PREV}}<a rel="prev" href="{{HREF}}">Previous pages</a> {{/PREV}}{{#NEXT}}<a rel="next" href="{{HREF}}">Next pages</a>{{/NEXT}}</nav>
{{/PAGING}}
