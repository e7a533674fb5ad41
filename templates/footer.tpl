{{%AUTOESCAPE context="HTML"}}
{{! footer.tpl: the footer menu, one level. }}
<nav class="footer-menu" aria-label="Footer">
<ul>
{{#ENTRY}}<li><a href="{{HREF}}">{{LABEL}}</a></li>
{{/ENTRY}}</ul>
</nav>
