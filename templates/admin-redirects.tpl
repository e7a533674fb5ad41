{{%AUTOESCAPE context="HTML"}}
{{! admin-redirects.tpl: old addresses and the pages they lead to (those
    the filter, FILTER, lets through), with a checkbox of BULK. }}
<h1>Redirects</h1>
<p>When a page's path changes, its old address keeps working with a permanent redirect.</p>
<p class="page-actions"><a class="button-link" href="/admin/edit?type=redirect">Add a redirect</a></p>
{{>FILTER}}{{>BULK}}
<ul class="tree" data-empty="{{EMPTY}}">{{#REDIRECT}}<li>{{>ROW}}</li>
{{/REDIRECT}}</ul>
