/**
 * The panel page's script, the add / edit form: name, the webhook URL checked as it is typed (with a hint where
 * Discord shows it), notification type and, for admins, scope and owner. Pasting a new URL into a disabled webhook
 * re-enables it and offers to resend what failed meanwhile. Runs inside the scope of `./client.ts`.
 */

/** The form's part of the page script. */
export const PANEL_SCRIPT_FORM = String.raw`function sel(name,keys,words,value){return h("select",{name:name},keys.map(function(v){return h("option",{value:v,selected:v===value},[words[v]||v])}))}
function form(w){const edit=!!w,p=edit?"e-"+w.id:"a";const f=h("form",{"data-testid":edit?"edit-form":"add-form",novalidate:true});
const name=h("input",{name:"name",required:true,maxlength:80,autocomplete:"off"});if(edit)name.value=w.name;
const url=h("input",{name:"webhookUrl",type:"url",required:!edit,autocomplete:"off",spellcheck:"false","aria-describedby":p+"-uh "+p+"-uc",placeholder:edit?w.webhookUrl:"https://discord.com/api/webhooks/…"});
const check=h("p",{class:"check",id:p+"-uc","aria-live":"polite","data-testid":"url-check"});
const hint=h("p",{class:"hint",id:p+"-uh"},[(edit?L.urlKeep+" ":"")+L.urlHint]);
url.addEventListener("input",function(){const v=url.value.trim(),ok=URL_RE.test(v);check.textContent=v?(ok?L.urlOk:L.urlBad):"";
check.className="check"+(v?(ok?" ok":" bad"):"");if(v)url.setAttribute("aria-invalid",String(!ok));else url.removeAttribute("aria-invalid")});
const type=sel("type",Object.keys(L.types),L.types,edit?w.type:"GAME_SERVER");
const scope=A.isAdmin?sel("scope",Object.keys(L.scopes),L.scopes,edit?w.scope:"ADMIN"):null;
const owner=A.isAdmin&&!edit?h("input",{name:"userId",autocomplete:"off"}):null;
const save=h("button",{type:"submit",class:"primary"},[edit?L.save:L.add]);
put(f,[h("label",null,[L.name,name]),h("label",null,[L.url,url]),hint,check,h("div",{class:"row2"},[h("label",null,[L.type,type]),scope?h("label",null,[L.scope,scope]):null]),
owner?h("label",null,[L.owner,owner]):null,h("div",{class:"bar"},[save,edit?btn(L.cancel,function(){S.edit=null;render()}):null])]);
f.addEventListener("submit",async function(ev){ev.preventDefault();const b={name:name.value.trim(),type:type.value},u=url.value.trim();
if(u)b.webhookUrl=u;if(scope)b.scope=scope.value;else if(!edit)b.scope="USER";if(owner&&owner.value.trim())b.userId=owner.value.trim();
if(edit&&u&&!w.enabled){b.enabled=true;S.fixed[w.id]=true}save.disabled=true;
try{if(edit){await call("PATCH","/"+enc(w.id),b);S.edit=null;S.msg[w.id]=[L.saved,true];say(L.saved)}else{await call("POST","",b);f.reset();check.textContent="";say(L.added)}await load()}
catch(e){say(L.failed+" "+errText(e),true)}finally{save.disabled=false}});return f}
`;
