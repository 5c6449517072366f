// The warning's words in each language, modelled on public practice: the provider's 2019 notice
// and Apple's threat notifications. What happened, how sure we are, what to do, how to tell the
// warning is genuine. No link to install anything, no request for a password, ever. Placeholders:
// {{from}} and {{to}}, the dates the number was targeted.

export interface Messages {
  dir: 'ltr' | 'rtl';
  subject: string;
  greeting: string;
  happened: string;
  confidence: { exploit: string; probe: string };
  todoTitle: string;
  todo: string[];
  genuineTitle: string;
  genuine: string[];
  helpline: string;
  signoff: string;
  sms: string;
}

const HELPLINE = 'https://www.accessnow.org/help';

export const MESSAGES: Record<string, Messages> = {
  en: {
    dir: 'ltr',
    subject: 'Security warning: your account was targeted by an attack',
    greeting: 'Hello,',
    happened: 'Between {{from}} and {{to}}, attackers used a flaw in our voice-calling feature (CVE-2019-3568) to try to install spyware on the phones of a small number of people. Your phone number was among those they called. The flaw is fixed, and the attackers’ accounts are blocked.',
    confidence: {
      exploit: 'We are highly confident that your number was targeted: our systems recorded calls to it that carried the attack. A call like this could compromise a phone even if it was never answered.',
      probe: 'Our systems recorded calls to your number from the attackers’ accounts, but no call carrying the attack itself. We are warning you because we believe you were a person of interest to them.',
    },
    todoTitle: 'What to do now',
    todo: [
      'Update the app to the latest version from your phone’s official app store, and update your phone’s operating system.',
      'On an iPhone, turn on Lockdown Mode; on Android, turn on Advanced Protection if your phone offers it.',
      'Restart your phone regularly.',
      'Get free, confidential help from a digital security helpline, for example Access Now’s Digital Security Helpline: ' + HELPLINE,
    ],
    genuineTitle: 'How to tell this warning is genuine',
    genuine: [
      'We will never ask you for a password, a verification code or any other personal information.',
      'This warning contains no link to install anything.',
      'The same warning appears inside the app: open the app to see it.',
    ],
    helpline: 'If you are a journalist, a human-rights defender or work in civil society, people who are targeted like this are often targeted because of who they are or what they do. Please take this warning seriously.',
    signoff: 'The security team',
    sms: 'Security warning from the app: your number was targeted by a spyware attack ({{from}}–{{to}}). Update the app and see the warning in the app. We will never ask for a password or send a link.',
  },
  es: {
    dir: 'ltr',
    subject: 'Aviso de seguridad: su cuenta fue blanco de un ataque',
    greeting: 'Hola:',
    happened: 'Entre el {{from}} y el {{to}}, unos atacantes aprovecharon una falla en nuestra función de llamadas de voz (CVE-2019-3568) para intentar instalar software espía en los teléfonos de un pequeño número de personas. Su número de teléfono estaba entre los que llamaron. La falla ya está corregida y las cuentas de los atacantes están bloqueadas.',
    confidence: {
      exploit: 'Tenemos un alto grado de certeza de que su número fue atacado: nuestros sistemas registraron llamadas a su número que contenían el ataque. Una llamada así podía comprometer un teléfono aunque nunca se contestara.',
      probe: 'Nuestros sistemas registraron llamadas a su número desde las cuentas de los atacantes, pero ninguna que contuviera el ataque en sí. Le avisamos porque creemos que usted era una persona de interés para ellos.',
    },
    todoTitle: 'Qué hacer ahora',
    todo: [
      'Actualice la aplicación a la versión más reciente desde la tienda oficial de su teléfono y actualice el sistema operativo.',
      'En un iPhone, active el Modo de Aislamiento; en Android, active la Protección Avanzada si su teléfono la ofrece.',
      'Reinicie su teléfono con regularidad.',
      'Pida ayuda gratuita y confidencial a una línea de ayuda en seguridad digital, por ejemplo la Línea de Ayuda en Seguridad Digital de Access Now: ' + HELPLINE,
    ],
    genuineTitle: 'Cómo saber que este aviso es auténtico',
    genuine: [
      'Nunca le pediremos una contraseña, un código de verificación ni ningún otro dato personal.',
      'Este aviso no contiene ningún enlace para instalar nada.',
      'El mismo aviso aparece dentro de la aplicación: ábrala para verlo.',
    ],
    helpline: 'Si usted es periodista, defensora o defensor de derechos humanos o trabaja en la sociedad civil, quienes son atacados de esta manera suelen serlo por quiénes son o por lo que hacen. Le pedimos que tome este aviso en serio.',
    signoff: 'El equipo de seguridad',
    sms: 'Aviso de seguridad de la aplicación: su número fue blanco de un ataque de software espía ({{from}}–{{to}}). Actualice la aplicación y vea el aviso en ella. Nunca le pediremos una contraseña ni le enviaremos enlaces.',
  },
  fr: {
    dir: 'ltr',
    subject: 'Alerte de sécurité : votre compte a été visé par une attaque',
    greeting: 'Bonjour,',
    happened: 'Entre le {{from}} et le {{to}}, des attaquants ont exploité une faille de notre fonction d’appels vocaux (CVE-2019-3568) pour tenter d’installer un logiciel espion sur les téléphones d’un petit nombre de personnes. Votre numéro de téléphone faisait partie de ceux qu’ils ont appelés. La faille est corrigée et les comptes des attaquants sont bloqués.',
    confidence: {
      exploit: 'Nous sommes fortement convaincus que votre numéro a été visé : nos systèmes ont enregistré des appels vers votre numéro qui portaient l’attaque. Un tel appel pouvait compromettre un téléphone même sans réponse.',
      probe: 'Nos systèmes ont enregistré des appels vers votre numéro depuis les comptes des attaquants, mais aucun appel portant l’attaque elle-même. Nous vous prévenons car nous pensons que vous les intéressiez.',
    },
    todoTitle: 'Que faire maintenant',
    todo: [
      'Mettez l’application à jour depuis la boutique officielle de votre téléphone, ainsi que le système d’exploitation.',
      'Sur iPhone, activez le mode Isolement ; sur Android, activez la Protection avancée si votre téléphone la propose.',
      'Redémarrez votre téléphone régulièrement.',
      'Demandez une aide gratuite et confidentielle à une ligne d’assistance en sécurité numérique, par exemple la Digital Security Helpline d’Access Now : ' + HELPLINE,
    ],
    genuineTitle: 'Comment savoir que cette alerte est authentique',
    genuine: [
      'Nous ne vous demanderons jamais de mot de passe, de code de vérification ni aucune autre information personnelle.',
      'Cette alerte ne contient aucun lien pour installer quoi que ce soit.',
      'La même alerte s’affiche dans l’application : ouvrez-la pour la voir.',
    ],
    helpline: 'Si vous êtes journaliste, défenseur ou défenseure des droits humains ou si vous travaillez dans la société civile, les personnes visées de cette façon le sont souvent en raison de qui elles sont ou de ce qu’elles font. Prenez cette alerte au sérieux.',
    signoff: 'L’équipe de sécurité',
    sms: 'Alerte de sécurité de l’application : votre numéro a été visé par un logiciel espion ({{from}}–{{to}}). Mettez l’application à jour et lisez l’alerte dans l’application. Nous ne demandons jamais de mot de passe et n’envoyons pas de lien.',
  },
  id: {
    dir: 'ltr',
    subject: 'Peringatan keamanan: akun Anda menjadi sasaran serangan',
    greeting: 'Halo,',
    happened: 'Antara {{from}} dan {{to}}, para penyerang memanfaatkan celah pada fitur panggilan suara kami (CVE-2019-3568) untuk mencoba memasang perangkat pengintai (spyware) di ponsel sejumlah kecil orang. Nomor telepon Anda termasuk yang mereka hubungi. Celah itu sudah diperbaiki dan akun para penyerang sudah diblokir.',
    confidence: {
      exploit: 'Kami sangat yakin nomor Anda menjadi sasaran: sistem kami mencatat panggilan ke nomor Anda yang membawa serangan tersebut. Panggilan seperti ini dapat membobol ponsel meskipun tidak pernah diangkat.',
      probe: 'Sistem kami mencatat panggilan ke nomor Anda dari akun para penyerang, tetapi tidak ada panggilan yang membawa serangan itu sendiri. Kami memperingatkan Anda karena kami yakin Anda termasuk orang yang mereka incar.',
    },
    todoTitle: 'Yang perlu dilakukan sekarang',
    todo: [
      'Perbarui aplikasi ke versi terbaru dari toko aplikasi resmi di ponsel Anda, dan perbarui sistem operasi ponsel.',
      'Di iPhone, aktifkan Mode Isolasi (Lockdown Mode); di Android, aktifkan Perlindungan Lanjutan (Advanced Protection) jika tersedia.',
      'Mulai ulang ponsel Anda secara berkala.',
      'Dapatkan bantuan gratis dan rahasia dari layanan bantuan keamanan digital, misalnya Digital Security Helpline dari Access Now: ' + HELPLINE,
    ],
    genuineTitle: 'Cara memastikan peringatan ini asli',
    genuine: [
      'Kami tidak akan pernah meminta kata sandi, kode verifikasi, atau informasi pribadi lainnya.',
      'Peringatan ini tidak berisi tautan untuk memasang apa pun.',
      'Peringatan yang sama muncul di dalam aplikasi: buka aplikasi untuk melihatnya.',
    ],
    helpline: 'Jika Anda seorang jurnalis, pembela hak asasi manusia, atau bekerja di masyarakat sipil, orang yang diserang dengan cara ini sering menjadi sasaran karena siapa mereka atau apa yang mereka kerjakan. Mohon tanggapi peringatan ini dengan serius.',
    signoff: 'Tim keamanan',
    sms: 'Peringatan keamanan dari aplikasi: nomor Anda menjadi sasaran serangan spyware ({{from}}–{{to}}). Perbarui aplikasi dan baca peringatannya di aplikasi. Kami tidak pernah meminta kata sandi atau mengirim tautan.',
  },
  nl: {
    dir: 'ltr',
    subject: 'Beveiligingswaarschuwing: uw account was doelwit van een aanval',
    greeting: 'Hallo,',
    happened: 'Tussen {{from}} en {{to}} hebben aanvallers een fout in onze functie voor spraakoproepen (CVE-2019-3568) gebruikt om te proberen spyware te installeren op de telefoons van een klein aantal mensen. Uw telefoonnummer was een van de nummers die zij belden. De fout is verholpen en de accounts van de aanvallers zijn geblokkeerd.',
    confidence: {
      exploit: 'Wij zijn er vrijwel zeker van dat uw nummer doelwit was: onze systemen hebben oproepen naar uw nummer geregistreerd die de aanval bevatten. Zo’n oproep kon een telefoon binnendringen, ook als die nooit werd beantwoord.',
      probe: 'Onze systemen hebben oproepen naar uw nummer geregistreerd vanaf de accounts van de aanvallers, maar geen oproep die de aanval zelf bevatte. Wij waarschuwen u omdat wij denken dat u voor hen van belang was.',
    },
    todoTitle: 'Wat u nu moet doen',
    todo: [
      'Werk de app bij naar de nieuwste versie via de officiële appwinkel van uw telefoon, en werk het besturingssysteem bij.',
      'Zet op een iPhone de isolatiemodus (Lockdown Mode) aan; zet op Android Geavanceerde bescherming aan als uw telefoon die heeft.',
      'Start uw telefoon regelmatig opnieuw op.',
      'Vraag gratis en vertrouwelijk hulp bij een hulplijn voor digitale veiligheid, bijvoorbeeld de Digital Security Helpline van Access Now: ' + HELPLINE,
    ],
    genuineTitle: 'Hoe u weet dat deze waarschuwing echt is',
    genuine: [
      'Wij vragen u nooit om een wachtwoord, een verificatiecode of andere persoonlijke gegevens.',
      'Deze waarschuwing bevat geen link om iets te installeren.',
      'Dezelfde waarschuwing staat in de app: open de app om haar te zien.',
    ],
    helpline: 'Bent u journalist, mensenrechtenverdediger of werkt u in het maatschappelijk middenveld: wie zo wordt aangevallen, wordt vaak gekozen om wie hij is of wat hij doet. Neem deze waarschuwing serieus.',
    signoff: 'Het beveiligingsteam',
    sms: 'Beveiligingswaarschuwing van de app: uw nummer was doelwit van een spywareaanval ({{from}}–{{to}}). Werk de app bij en lees de waarschuwing in de app. Wij vragen nooit om een wachtwoord en sturen geen links.',
  },
  hu: {
    dir: 'ltr',
    subject: 'Biztonsági figyelmeztetés: fiókját támadás célozta',
    greeting: 'Üdvözöljük!',
    happened: '{{from}} és {{to}} között támadók a hanghívás-funkciónk egy hibáját (CVE-2019-3568) kihasználva kémprogramot próbáltak telepíteni néhány ember telefonjára. Az Ön telefonszáma is azok között volt, amelyeket felhívtak. A hibát kijavítottuk, a támadók fiókjait letiltottuk.',
    confidence: {
      exploit: 'Nagy bizonyossággal állíthatjuk, hogy az Ön számát célba vették: rendszereink olyan hívásokat rögzítettek az Ön számára, amelyek a támadást hordozták. Egy ilyen hívás akkor is feltörhette a telefont, ha senki sem vette fel.',
      probe: 'Rendszereink hívásokat rögzítettek az Ön számára a támadók fiókjaiból, de olyat nem, amely magát a támadást hordozta. Azért figyelmeztetjük, mert úgy gondoljuk, hogy Ön érdekelte őket.',
    },
    todoTitle: 'Mit tegyen most',
    todo: [
      'Frissítse az alkalmazást a legújabb verzióra a telefonja hivatalos alkalmazásboltjából, és frissítse a telefon operációs rendszerét.',
      'iPhone-on kapcsolja be a Zárolási módot (Lockdown Mode); Androidon a Speciális védelmet (Advanced Protection), ha a telefonja kínálja.',
      'Indítsa újra rendszeresen a telefonját.',
      'Kérjen ingyenes és bizalmas segítséget egy digitális biztonsági segélyvonaltól, például az Access Now Digital Security Helpline szolgálatától: ' + HELPLINE,
    ],
    genuineTitle: 'Honnan tudhatja, hogy ez a figyelmeztetés valódi',
    genuine: [
      'Soha nem kérünk jelszót, ellenőrző kódot vagy más személyes adatot.',
      'Ez a figyelmeztetés nem tartalmaz linket semmi telepítésére.',
      'Ugyanez a figyelmeztetés megjelenik az alkalmazásban is: nyissa meg, és nézze meg.',
    ],
    helpline: 'Ha Ön újságíró, emberi jogi jogvédő vagy a civil társadalomban dolgozik: akiket így támadnak, azokat gyakran azért választják ki, mert akik, vagy amit tesznek. Kérjük, vegye komolyan ezt a figyelmeztetést.',
    signoff: 'A biztonsági csapat',
    sms: 'Biztonsági figyelmeztetés az alkalmazástól: számát kémprogramos támadás célozta ({{from}}–{{to}}). Frissítse az alkalmazást, és olvassa el a figyelmeztetést benne. Soha nem kérünk jelszót, és nem küldünk linket.',
  },
  hi: {
    dir: 'ltr',
    subject: 'सुरक्षा चेतावनी: आपके खाते को एक हमले का निशाना बनाया गया',
    greeting: 'नमस्ते,',
    happened: '{{from}} और {{to}} के बीच हमलावरों ने हमारी वॉइस-कॉल सुविधा की एक खामी (CVE-2019-3568) का इस्तेमाल करके कुछ लोगों के फ़ोन में जासूसी सॉफ़्टवेयर (स्पाइवेयर) डालने की कोशिश की। आपका फ़ोन नंबर उन नंबरों में था जिन पर उन्होंने कॉल किया। यह खामी ठीक कर दी गई है और हमलावरों के खाते बंद कर दिए गए हैं।',
    confidence: {
      exploit: 'हमें पूरा भरोसा है कि आपके नंबर को निशाना बनाया गया: हमारे सिस्टम ने आपके नंबर पर ऐसी कॉल दर्ज कीं जिनमें यह हमला था। ऐसी कॉल फ़ोन उठाए बिना भी फ़ोन को नुकसान पहुँचा सकती थी।',
      probe: 'हमारे सिस्टम ने हमलावरों के खातों से आपके नंबर पर कॉल दर्ज कीं, लेकिन ऐसी कोई कॉल नहीं जिसमें ख़ुद हमला था। हम आपको इसलिए चेता रहे हैं क्योंकि हमें लगता है कि उनकी नज़र आप पर थी।',
    },
    todoTitle: 'अब क्या करें',
    todo: [
      'अपने फ़ोन के आधिकारिक ऐप स्टोर से ऐप को नए संस्करण में अपडेट करें, और फ़ोन का ऑपरेटिंग सिस्टम भी अपडेट करें।',
      'iPhone पर लॉकडाउन मोड चालू करें; Android पर, अगर आपका फ़ोन यह देता है, तो एडवांस्ड प्रोटेक्शन चालू करें।',
      'अपने फ़ोन को समय-समय पर रीस्टार्ट करें।',
      'किसी डिजिटल सुरक्षा हेल्पलाइन से मुफ़्त और गोपनीय मदद लें, जैसे Access Now की डिजिटल सिक्योरिटी हेल्पलाइन: ' + HELPLINE,
    ],
    genuineTitle: 'कैसे पहचानें कि यह चेतावनी असली है',
    genuine: [
      'हम आपसे कभी पासवर्ड, सत्यापन कोड या कोई दूसरी निजी जानकारी नहीं माँगेंगे।',
      'इस चेतावनी में कुछ भी इंस्टॉल करने का कोई लिंक नहीं है।',
      'यही चेतावनी ऐप के अंदर भी दिखती है: देखने के लिए ऐप खोलें।',
    ],
    helpline: 'अगर आप पत्रकार हैं, मानवाधिकार रक्षक हैं या नागरिक समाज में काम करते हैं, तो इस तरह निशाना बनाए गए लोग अक्सर अपनी पहचान या अपने काम की वजह से चुने जाते हैं। कृपया इस चेतावनी को गंभीरता से लें।',
    signoff: 'सुरक्षा टीम',
    sms: 'ऐप की ओर से सुरक्षा चेतावनी: आपके नंबर को स्पाइवेयर हमले का निशाना बनाया गया ({{from}}–{{to}})। ऐप अपडेट करें और ऐप में चेतावनी देखें। हम कभी पासवर्ड नहीं माँगते और लिंक नहीं भेजते।',
  },
  ar: {
    dir: 'rtl',
    subject: 'تنبيه أمني: استُهدف حسابك بهجوم',
    greeting: 'مرحبًا،',
    happened: 'بين {{from}} و{{to}} استغلّ مهاجمون ثغرة في خاصية المكالمات الصوتية لدينا (CVE-2019-3568) لمحاولة تثبيت برنامج تجسس على هواتف عدد قليل من الأشخاص. وكان رقم هاتفك من بين الأرقام التي اتصلوا بها. لقد أُصلحت الثغرة وحُظرت حسابات المهاجمين.',
    confidence: {
      exploit: 'نحن على ثقة عالية بأن رقمك استُهدف: فقد سجّلت أنظمتنا مكالمات إلى رقمك تحمل الهجوم. وكان بإمكان مكالمة كهذه أن تخترق الهاتف حتى لو لم يُرَدّ عليها.',
      probe: 'سجّلت أنظمتنا مكالمات إلى رقمك من حسابات المهاجمين، لكن لم تحمل أيٌّ منها الهجوم نفسه. ننبّهك لأننا نعتقد أنك كنت محلّ اهتمامهم.',
    },
    todoTitle: 'ما الذي عليك فعله الآن',
    todo: [
      'حدِّث التطبيق إلى أحدث إصدار من المتجر الرسمي لهاتفك، وحدِّث نظام تشغيل الهاتف.',
      'على iPhone فعِّل «وضع المنع» (Lockdown Mode)، وعلى Android فعِّل «الحماية المتقدمة» إن كان هاتفك يوفّرها.',
      'أعِد تشغيل هاتفك بانتظام.',
      'اطلب مساعدة مجانية وسرية من خط مساعدة في الأمن الرقمي، مثل خط المساعدة للأمان الرقمي التابع لمنظمة Access Now: ' + HELPLINE,
    ],
    genuineTitle: 'كيف تتأكد من أن هذا التنبيه حقيقي',
    genuine: [
      'لن نطلب منك أبدًا كلمة مرور أو رمز تحقق أو أي معلومات شخصية أخرى.',
      'لا يحتوي هذا التنبيه على أي رابط لتثبيت أي شيء.',
      'يظهر التنبيه نفسه داخل التطبيق: افتح التطبيق لتراه.',
    ],
    helpline: 'إن كنت صحفيًا أو مدافعًا عن حقوق الإنسان أو تعمل في المجتمع المدني، فإن من يُستهدفون بهذه الطريقة يُختارون في الغالب بسبب هويتهم أو عملهم. نرجو أن تأخذ هذا التنبيه بجدية.',
    signoff: 'فريق الأمن',
    sms: 'تنبيه أمني من التطبيق: استُهدف رقمك بهجوم ببرنامج تجسس ({{from}}–{{to}}). حدِّث التطبيق واقرأ التنبيه داخله. لن نطلب كلمة مرور ولن نرسل روابط.',
  },
  he: {
    dir: 'rtl',
    subject: 'אזהרת אבטחה: החשבון שלך היה יעד למתקפה',
    greeting: 'שלום,',
    happened: 'בין {{from}} ל-{{to}} ניצלו תוקפים פרצה בתכונת השיחות הקוליות שלנו (CVE-2019-3568) כדי לנסות להתקין רוגלה בטלפונים של מספר קטן של אנשים. מספר הטלפון שלך היה בין המספרים שאליהם התקשרו. הפרצה תוקנה וחשבונות התוקפים נחסמו.',
    confidence: {
      exploit: 'אנו בטוחים במידה רבה שמספרך היה יעד: המערכות שלנו תיעדו שיחות למספרך שנשאו את המתקפה. שיחה כזו יכלה לפרוץ לטלפון גם אם לא נענתה.',
      probe: 'המערכות שלנו תיעדו שיחות למספרך מחשבונות התוקפים, אך אף שיחה לא נשאה את המתקפה עצמה. אנו מזהירים אותך משום שאנו סבורים שהיית מושא לעניינם.',
    },
    todoTitle: 'מה לעשות עכשיו',
    todo: [
      'עדכן/י את האפליקציה לגרסה האחרונה מחנות האפליקציות הרשמית של הטלפון, ועדכן/י את מערכת ההפעלה.',
      'ב-iPhone הפעל/י את «מצב נעילה» (Lockdown Mode); ב-Android הפעל/י «הגנה מתקדמת» אם הטלפון מציע אותה.',
      'הפעל/י מחדש את הטלפון באופן קבוע.',
      'קבל/י עזרה חינמית וחסויה מקו סיוע לאבטחה דיגיטלית, למשל קו הסיוע לאבטחה דיגיטלית של Access Now: ' + HELPLINE,
    ],
    genuineTitle: 'איך לדעת שהאזהרה הזו אמיתית',
    genuine: [
      'לעולם לא נבקש ממך סיסמה, קוד אימות או מידע אישי אחר.',
      'אזהרה זו אינה מכילה קישור להתקנת דבר.',
      'אותה אזהרה מופיעה גם בתוך האפליקציה: פתח/י את האפליקציה כדי לראות אותה.',
    ],
    helpline: 'אם את/ה עיתונאי/ת, פעיל/ת זכויות אדם או עובד/ת בחברה האזרחית: מי שמותקפים כך נבחרים לעתים קרובות בגלל מי שהם או בגלל מה שהם עושים. אנא התייחס/י לאזהרה זו ברצינות.',
    signoff: 'צוות האבטחה',
    sms: 'אזהרת אבטחה מהאפליקציה: מספרך היה יעד למתקפת רוגלה ({{from}}–{{to}}). עדכן/י את האפליקציה וקרא/י את האזהרה בתוכה. לעולם לא נבקש סיסמה ולא נשלח קישורים.',
  },
  ur: {
    dir: 'rtl',
    subject: 'سیکیورٹی انتباہ: آپ کے اکاؤنٹ کو حملے کا نشانہ بنایا گیا',
    greeting: 'السلام علیکم،',
    happened: '{{from}} اور {{to}} کے درمیان حملہ آوروں نے ہماری وائس کال کی سہولت کی ایک خامی (CVE-2019-3568) سے فائدہ اٹھا کر چند لوگوں کے فون میں جاسوسی سافٹ ویئر (اسپائی ویئر) ڈالنے کی کوشش کی۔ آپ کا فون نمبر ان نمبروں میں شامل تھا جن پر انہوں نے کال کی۔ یہ خامی دور کر دی گئی ہے اور حملہ آوروں کے اکاؤنٹ بند کر دیے گئے ہیں۔',
    confidence: {
      exploit: 'ہمیں پورا یقین ہے کہ آپ کے نمبر کو نشانہ بنایا گیا: ہمارے نظام نے آپ کے نمبر پر ایسی کالیں ریکارڈ کیں جن میں یہ حملہ موجود تھا۔ ایسی کال جواب دیے بغیر بھی فون کو متاثر کر سکتی تھی۔',
      probe: 'ہمارے نظام نے حملہ آوروں کے اکاؤنٹس سے آپ کے نمبر پر کالیں ریکارڈ کیں، لیکن کوئی ایسی کال نہیں جس میں خود حملہ موجود ہو۔ ہم آپ کو اس لیے خبردار کر رہے ہیں کہ ہمارے خیال میں وہ آپ میں دلچسپی رکھتے تھے۔',
    },
    todoTitle: 'اب کیا کریں',
    todo: [
      'اپنے فون کے سرکاری ایپ اسٹور سے ایپ کو تازہ ترین ورژن پر اپ ڈیٹ کریں، اور فون کا آپریٹنگ سسٹم بھی اپ ڈیٹ کریں۔',
      'iPhone پر لاک ڈاؤن موڈ (Lockdown Mode) آن کریں؛ Android پر، اگر آپ کا فون یہ سہولت دیتا ہے تو ایڈوانسڈ پروٹیکشن آن کریں۔',
      'اپنا فون باقاعدگی سے ری اسٹارٹ کریں۔',
      'کسی ڈیجیٹل سیکیورٹی ہیلپ لائن سے مفت اور رازدارانہ مدد لیں، مثلاً Access Now کی ڈیجیٹل سیکیورٹی ہیلپ لائن: ' + HELPLINE,
    ],
    genuineTitle: 'کیسے جانیں کہ یہ انتباہ اصلی ہے',
    genuine: [
      'ہم آپ سے کبھی پاس ورڈ، تصدیقی کوڈ یا کوئی اور ذاتی معلومات نہیں مانگیں گے۔',
      'اس انتباہ میں کچھ بھی انسٹال کرنے کا کوئی لنک نہیں ہے۔',
      'یہی انتباہ ایپ کے اندر بھی نظر آتا ہے: دیکھنے کے لیے ایپ کھولیں۔',
    ],
    helpline: 'اگر آپ صحافی ہیں، انسانی حقوق کے محافظ ہیں یا سول سوسائٹی میں کام کرتے ہیں تو اس طرح نشانہ بننے والے لوگ اکثر اپنی پہچان یا اپنے کام کی وجہ سے چنے جاتے ہیں۔ براہ کرم اس انتباہ کو سنجیدگی سے لیں۔',
    signoff: 'سیکیورٹی ٹیم',
    sms: 'ایپ کی طرف سے سیکیورٹی انتباہ: آپ کے نمبر کو اسپائی ویئر حملے کا نشانہ بنایا گیا ({{from}}–{{to}})۔ ایپ اپ ڈیٹ کریں اور ایپ میں انتباہ دیکھیں۔ ہم کبھی پاس ورڈ نہیں مانگتے اور لنک نہیں بھیجتے۔',
  },
};

export const LANGUAGES = Object.keys(MESSAGES);

/** The language a warning goes out in: the victim's, else English. */
export function messagesFor(language: string): { language: string; messages: Messages } {
  const base = language.toLowerCase().split('-')[0];
  return Object.hasOwn(MESSAGES, base) ? { language: base, messages: MESSAGES[base] } : { language: 'en', messages: MESSAGES.en };
}
