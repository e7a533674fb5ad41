{{%AUTOESCAPE context="HTML"}}
{{! admin-programs.tpl: the programs of one page (those the filter, FILTER,
    lets through); each is an admin-row.tpl, with a checkbox of BULK. }}
<h1>Programs of “{{PAGE_TITLE}}”</h1>
<p class="page-actions">{{#CAN_PUBLISH}}<a class="button-link" href="/admin/edit?type=program&amp;page_id={{PAGE_ID}}">Add a program</a> {{/CAN_PUBLISH}}<a href="{{PAGE_PATH}}">View the page</a> <a href="/admin/pages">All pages</a></p>
{{>FILTER}}{{>BULK}}
<ul class="tree" data-empty="{{EMPTY}}">{{#PROGRAM}}<li>{{>ROW}}</li>
{{/PROGRAM}}</ul>
