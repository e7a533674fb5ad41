{{%AUTOESCAPE context="HTML"}}
{{!
  admin-row.tpl: one record in a list, with its actions. Moving is a
  small POST form, so it works without JavaScript. DRAFT_PENDING: the
  record has a draft that is not live yet. CAN_PUBLISH: the user's
  role deletes and moves records. SELECTABLE: a checkbox of the page's
  bulk form (admin-bulk-bar.tpl).
}}
<div class="tree-row">{{#SELECTABLE}}<input type="checkbox" form="bulk-form" name="id" value="{{ID}}" id="pick-{{ID}}"><label class="visually-hidden" for="pick-{{ID}}">Tick {{LABEL}}</label> {{/SELECTABLE}}<span class="tree-label">{{LABEL}}</span>{{#DRAFT_PENDING}} <span class="tag">Draft pending</span>{{/DRAFT_PENDING}} <span class="tree-target">{{DETAIL}}</span>
<div class="actions">
<a href="/admin/edit?type={{TYPE}}&amp;id={{ID}}">Edit<span class="visually-hidden"> {{LABEL}}</span></a>
<a href="/admin/history?type={{TYPE}}&amp;id={{ID}}">History<span class="visually-hidden"> of {{LABEL}}</span></a>
{{#CAN_PUBLISH}}<a href="/admin/delete?type={{TYPE}}&amp;id={{ID}}">Delete<span class="visually-hidden"> {{LABEL}}</span></a>
{{/CAN_PUBLISH}}{{#MOVABLE}}<form class="move" method="post" action="/admin/move"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="type" value="{{TYPE}}"><input type="hidden" name="id" value="{{ID}}"><button type="submit" name="direction" value="up"><span class="move-word">Up</span><span class="visually-hidden"> {{LABEL}}</span></button> <button type="submit" name="direction" value="down"><span class="move-word">Down</span><span class="visually-hidden"> {{LABEL}}</span></button></form>
{{/MOVABLE}}</div></div>
