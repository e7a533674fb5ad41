{{%AUTOESCAPE context="HTML"}}
{{! admin-redirects.tpl: old addresses and the pages they lead to (those
    the filter, FILTER, lets through), with a checkbox of BULK;
    IMPORTED: an import just saved COUNT redirects. }}
<h1>Redirects</h1>
{{#IMPORTED}}<div class="note" role="status" data-change-done><p>Imported {{COUNT}} redirects.</p></div>
{{/IMPORTED}}<p>When a page's path changes, its old address keeps working with a permanent redirect.</p>
<p class="page-actions"><a class="button-link" href="/admin/edit?type=redirect">Add a redirect</a> <a class="button-link" href="/admin/redirects/import">Import (CSV)</a> <a class="button-link" href="/admin/redirects.csv" download>Export (CSV)</a></p>
{{>FILTER}}{{>BULK}}
<ul class="tree" data-empty="{{EMPTY}}">{{#REDIRECT}}<li>{{>ROW}}</li>
{{/REDIRECT}}</ul>
