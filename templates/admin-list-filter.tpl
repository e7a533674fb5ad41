{{%AUTOESCAPE context="HTML"}}
{{! admin-list-filter.tpl: the search, filter and order of a list, as GET
    parameters (q, status, sort, order) kept in the form. HIDDEN: the
    parameters that name the list (a page's programs: page); HAS_STATUS:
    the list's records are published or not; CHOICE: a further filter of
    the list, a select (NAME, LABEL, each OPTION); ALL_HREF: the whole
    list. }}
<form class="list-search list-filter" method="get" action="{{ACTION}}" role="search">
{{#HIDDEN}}<input type="hidden" name="{{NAME}}" value="{{VALUE}}">
{{/HIDDEN}}<p><label for="list-search">{{SEARCH_LABEL}}</label>
<input id="list-search" name="q" type="search" value="{{QUERY}}" maxlength="200"></p>
{{#HAS_STATUS}}<p><label for="list-status">Status</label>
<select id="list-status" name="status"><option value="">Any</option>{{#STATUS_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{TEXT}}</option>{{/STATUS_OPTION}}</select></p>
{{/HAS_STATUS}}{{#CHOICE}}<p><label for="list-{{NAME}}">{{LABEL}}</label>
<select id="list-{{NAME}}" name="{{NAME}}"><option value="">Any</option>{{#OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{TEXT}}</option>{{/OPTION}}</select></p>
{{/CHOICE}}<p><label for="list-sort">Sort by</label>
<select id="list-sort" name="sort">{{#SORT_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{TEXT}}</option>{{/SORT_OPTION}}</select>
<select name="order" aria-label="Order"><option value="asc">Ascending</option><option value="desc"{{#DESCENDING}} selected{{/DESCENDING}}>Descending</option></select></p>
<p><button type="submit">Find</button>{{#SEARCHED}} <a href="{{ALL_HREF}}">All of them</a>{{/SEARCHED}}</p>
</form>
