{{%AUTOESCAPE context="HTML"}}
{{! admin-redirects.tpl: old addresses and the pages they lead to. }}
<h1>Redirects</h1>
<p>When a page's path changes, its old address keeps working with a permanent redirect.</p>
<p class="page-actions"><a class="button-link" href="/admin/edit?type=redirect">Add a redirect</a></p>
{{>BULK}}
<ul class="tree" data-empty="No redirects yet.">{{#REDIRECT}}<li>{{>ROW}}</li>
{{/REDIRECT}}</ul>
