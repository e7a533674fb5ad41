{{%AUTOESCAPE context="HTML"}}
{{! admin-pages.tpl: every page, drafts included. }}
<h1>Pages</h1>
<p><a href="/admin/edit?type=page">Create a page</a></p>
<table class="list">
<caption class="visually-hidden">Pages by path</caption>
<thead><tr><th scope="col">Title</th><th scope="col">Path</th><th scope="col">Status</th><th scope="col">Updated</th><th scope="col">Actions</th></tr></thead>
<tbody>
{{#PAGE}}<tr><td>{{TITLE}}</td><td><a href="{{PATH}}">{{PATH}}</a></td><td>{{STATUS}}</td><td>{{UPDATED}}</td>
<td class="actions"><a href="/admin/edit?type=page&amp;id={{ID}}">Edit<span class="visually-hidden"> {{TITLE}}</span></a>
<a href="/admin/programs?page={{ID}}">Programs ({{PROGRAMS}})<span class="visually-hidden"> of {{TITLE}}</span></a>
<a href="/admin/history?type=page&amp;id={{ID}}">History<span class="visually-hidden"> of {{TITLE}}</span></a></td></tr>
{{/PAGE}}</tbody>
</table>
