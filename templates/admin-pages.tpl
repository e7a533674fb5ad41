{{%AUTOESCAPE context="HTML"}}
{{! admin-pages.tpl: the pages, unpublished ones included, in path order,
    each marked when it has a draft pending; a search by path or title,
    and a hundred at a time on large sites. }}
<h1>Pages</h1>
<p class="page-actions"><a class="button-link" href="/admin/edit?type=page">Create a page</a></p>
<form class="list-search" method="get" action="/admin/pages" role="search">
<label for="page-search">Find pages by path or title</label>
<input id="page-search" name="q" type="search" value="{{QUERY}}" maxlength="200">
<button type="submit">Find</button>{{#SEARCHED}} <a href="/admin/pages">All pages</a>{{/SEARCHED}}
</form>
<p class="list-count">{{COUNT}}.</p>
<div class="table-wrap" data-empty="No pages{{#SEARCHED}} found{{/SEARCHED}}.">
<table class="list">
<caption class="visually-hidden">Pages by path</caption>
<thead><tr><th scope="col">Title</th><th scope="col">Path</th><th scope="col">Status</th><th scope="col">Updated</th><th scope="col">Actions</th></tr></thead>
<tbody>{{#PAGE}}<tr><td data-label="Title" class="strong">{{TITLE}}</td><td data-label="Path" class="path"><a href="{{PATH}}">{{PATH}}</a></td><td data-label="Status">{{STATUS}}{{#DRAFT_PENDING}} <span class="tag">Draft pending</span>{{/DRAFT_PENDING}}</td><td data-label="Updated" class="nowrap"><time datetime="{{UPDATED_ISO}}">{{UPDATED}}</time></td>
<td class="actions" data-label="Actions"><a href="/admin/edit?type=page&amp;id={{ID}}">Edit<span class="visually-hidden"> {{TITLE}}</span></a>
<a href="/admin/programs?page={{ID}}">Programs ({{PROGRAMS}})<span class="visually-hidden"> of {{TITLE}}</span></a>
<a href="/admin/history?type=page&amp;id={{ID}}">History<span class="visually-hidden"> of {{TITLE}}</span></a></td></tr>
{{/PAGE}}</tbody>
</table>
</div>
{{#PAGING}}<nav class="paging" aria-label="More pages">{{#PREV}}<a rel="prev" href="{{HREF}}">Previous pages</a> {{/PREV}}{{#NEXT}}<a rel="next" href="{{HREF}}">Next pages</a>{{/NEXT}}</nav>
{{/PAGING}}
