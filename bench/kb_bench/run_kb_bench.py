#!/usr/bin/env python3
"""Knowledge-base benchmark (not a test): loads 10,000 generated articles x 3 locales (en,
es, tr: 30,000 translations of 120 to 320 words drawn from a Zipf-like vocabulary, so common
words match many articles as they do in real help centers) into a fresh database, starts
frontdeskd and drives public search and suggest requests with wrk over loopback, at 2 and 8
connections. Prints requests/s, p50 and p99 per run and the medians.

The queries cycle through a list: one to three words, prefixes of a word being typed,
misspelt words, in all three languages; suggestions get whole questions of 12 to 25 words.

  FRONTDESK_TEST_DATABASE_URL=... FRONTDESKD=build/bin/frontdeskd \
  FRONTDESK_PLUGINS=build/plugins python3 bench/kb_bench/run_kb_bench.py [--articles N]

--keep leaves the loaded database in place and prints its name; --database NAME measures
again on it without loading.
"""
import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "integration", "daemon"))
from daemon_harness import (Daemon, TestDatabase, config, free_port, http, psql,  # noqa: E402
                            server_conninfo, with_dbname)

ADMIN = "fdx_bench_admin_token_0123456789abcdef"

WORDS = {
    "en": """account password reset sign login email address invoice billing payment card refund order
delivery shipping tracking package return exchange subscription plan upgrade downgrade cancel renewal
profile settings notification language time zone security two factor authentication code phone
number verify verification device app mobile desktop browser cache cookie error message crash slow
connection network offline sync data export import backup restore delete close open ticket support
agent chat call contact hours holiday team manager admin permission role user invite member share
document file upload download attachment size limit storage quota report dashboard chart filter
search tag category status priority urgent high medium low response time policy privacy terms
discount coupon promotion gift balance credit debit transfer bank wire receipt tax vat currency
country region address street city postal warehouse stock product catalogue price change update
release version feature request bug issue known problem workaround solution step guide tutorial
video screenshot example question answer help center article feedback rating survey review
customer order history wishlist cart checkout coupon voucher loyalty points membership trial free
premium business enterprise integration webhook token key secret limit rate quota outage
maintenance incident status page schedule calendar reminder alert email newsletter unsubscribe""".split(),
    "es": """cuenta contraseña restablecer iniciar sesión correo dirección factura facturación pago
tarjeta reembolso pedido entrega envío seguimiento paquete devolución cambio suscripción plan mejorar
cancelar renovación perfil configuración notificación idioma zona horaria seguridad verificación
código teléfono número dispositivo aplicación móvil navegador caché error mensaje lentitud conexión
red sincronización datos exportar importar copia restaurar eliminar cerrar abrir ticket soporte
agente llamada contacto horario festivo equipo gerente administrador permiso rol usuario invitar
miembro compartir documento archivo subir descargar adjunto tamaño límite almacenamiento informe
panel gráfico filtro búsqueda etiqueta categoría estado prioridad urgente alta media baja respuesta
tiempo política privacidad términos descuento cupón promoción regalo saldo crédito débito
transferencia banco recibo impuesto moneda país región calle ciudad código postal almacén existencias
producto catálogo precio actualización versión función solicitud fallo problema conocido solución
paso guía tutorial vídeo captura ejemplo pregunta ayuda centro artículo opinión valoración encuesta
cliente historial carrito compra vale fidelidad puntos membresía prueba gratis empresa integración
clave secreto interrupción mantenimiento incidente página calendario recordatorio alerta boletín""".split(),
    "tr": """hesap şifre sıfırlama giriş oturum eposta adres fatura ödeme kart iade sipariş teslimat
kargo takip paket değişim abonelik plan yükseltme iptal yenileme profil ayarlar bildirim dil saat
dilimi güvenlik doğrulama kod telefon numara cihaz uygulama mobil tarayıcı önbellek hata mesaj yavaş
bağlantı ağ çevrimdışı eşitleme veri dışa aktarma içe yedek geri yükleme silme kapatma açma destek
temsilci sohbet arama iletişim çalışma saatleri tatil ekip yönetici izin rol kullanıcı davet üye
paylaşım belge dosya yükleme indirme ek boyut sınır depolama kota rapor pano grafik filtre etiket
kategori durum öncelik acil yüksek orta düşük yanıt süre politika gizlilik koşullar indirim kupon
kampanya hediye bakiye kredi banka havale makbuz vergi para birimi ülke bölge sokak şehir posta
depo stok ürün katalog fiyat güncelleme sürüm özellik istek sorun bilinen çözüm adım rehber video
ekran görüntüsü örnek soru cevap yardım merkezi makale geri bildirim puan anket müşteri geçmiş sepet
ödeme kupon sadakat puanlar üyelik deneme ücretsiz kurumsal entegrasyon anahtar gizli kesinti bakım
olay takvim hatırlatma uyarı bülten""".split(),
}


def run_sql(db, text):
    """psql with the statements on standard input (the batches are too long for -c)."""
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", db.conninfo], input=text, text=True,
                   check=True, stdout=subprocess.DEVNULL)


def zipf_pick(rng, words):
    return words[min(len(words) - 1, int(len(words) * rng.random() ** 2.2))]


def sentence(rng, words, n):
    return " ".join(zipf_pick(rng, words) for _ in range(n))


def load(db, articles, seed):
    """Articles through SQL in batches (the trigger indexes each translation as the API's
    saves do); published and public, one revision each."""
    rng = random.Random(seed)
    locales = ["en", "es", "tr"]
    batch = 500
    started = time.time()
    for first in range(1, articles + 1, batch):
        rows_a, rows_t = [], []
        for i in range(first, min(articles, first + batch - 1) + 1):
            rows_a.append(f"({i}, 'article-{i}', 'published', 'public', 'en')")
            for loc in locales:
                words = WORDS[loc]
                title = sentence(rng, words, rng.randint(3, 7)).capitalize()
                paras = [sentence(rng, words, rng.randint(40, 80)) + "." for _ in range(rng.randint(3, 4))]
                body = "\n\n".join(paras)
                esc = lambda s: s.replace("'", "''")  # noqa: E731
                rows_t.append(f"({i}, '{loc}', '{esc(title)}', '{esc(body)}', '', '{esc(body)}')")
        run_sql(db, "INSERT INTO kb_articles (id, slug, status, visibility, source_locale) VALUES "
                 + ",".join(rows_a) + ";"
                 "INSERT INTO kb_article_translations (article_id, locale, title, body, html, plain) VALUES "
                 + ",".join(rows_t))
        print(f"\rloaded {min(articles, first + batch - 1)}/{articles} articles "
              f"({time.time() - started:.0f} s)", end="", flush=True)
    db.query(f"SELECT setval('kb_articles_id_seq', {articles})")
    print()


def queries(rng, n):
    out = []
    for k in range(n):
        loc = ["en", "es", "tr"][k % 3]
        words = WORDS[loc]
        kind = k % 4
        if kind == 0:
            q = zipf_pick(rng, words)
        elif kind == 1:
            q = " ".join(zipf_pick(rng, words) for _ in range(rng.randint(2, 3)))
        elif kind == 2:  # typing: a word and the start of the next
            w = zipf_pick(rng, words)
            q = zipf_pick(rng, words) + " " + w[:max(2, len(w) // 2)]
        else:  # a typo in a longer word
            w = rng.choice([x for x in words if len(x) >= 6])
            p = rng.randrange(1, len(w) - 1)
            q = w[:p] + w[p + 1:]
        out.append(f"/api/v1/support/kb/articles?locale={loc}&limit=10&q=" + urllib.parse.quote(q))
    return out


def questions(rng, n):
    out = []
    for k in range(n):
        loc = ["en", "es", "tr"][k % 3]
        text = sentence(rng, WORDS[loc], rng.randint(12, 25))
        out.append(f"/api/v1/support/kb/suggest?locale={loc}&text=" + urllib.parse.quote(text))
    return out


def wrk(base, paths_file, seconds, connections):
    env = dict(os.environ, KB_PATHS=paths_file)
    out = subprocess.run(["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s",
                          "-s", os.path.join(HERE, "kb_paths.lua"), base],
                         capture_output=True, text=True, env=env, check=True).stdout
    m = re.search(r"RESULT requests=(\d+) errors=(\d+) rps=([\d.]+) p50_us=(\d+) p99_us=(\d+)", out)
    if not m:
        raise SystemExit("wrk gave no result:\n" + out)
    requests, errors, rps, p50, p99 = m.groups()
    if int(errors):
        raise SystemExit(f"{errors} failed requests:\n{out}")
    return float(rps), int(p50) / 1000, int(p99) / 1000


class KeptDatabase:
    def __init__(self, name):
        self.name = name
        self.conninfo = with_dbname(server_conninfo(), name)

    def query(self, sql):
        return psql(self.conninfo, sql)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", default="2,8")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--database")
    args = ap.parse_args()
    db = KeptDatabase(args.database) if args.database else TestDatabase()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    daemon = Daemon(config(port, db.conninfo), env={"FRONTDESK_ADMIN_TOKEN": ADMIN})
    daemon.start().wait_healthy(base)
    try:
        if not args.database:
            load(db, args.articles, seed=7)
        db.query("VACUUM ANALYZE")
        print(f"{db.query('SELECT count(*) FROM kb_article_translations')} translations, "
              f"{db.query('SELECT count(*) FROM kb_lexicon')} words in the lexicon; "
              f"load average {os.getloadavg()[0]:.1f}")
        rng = random.Random(11)
        with tempfile.TemporaryDirectory() as tmp:
            for name, paths in (("search", queries(rng, 600)), ("suggest", questions(rng, 300))):
                hits = [len(http("GET", base + p).json()["articles"]) for p in paths[:60]]
                print(f"{name}: {sum(1 for h in hits if h)} of 60 sample requests found articles")
                f = os.path.join(tmp, name + ".txt")
                with open(f, "w") as out:
                    out.write("\n".join(paths) + "\n")
                for connections in [int(c) for c in args.connections.split(",")]:
                    wrk(base, f, 2, connections)  # warm-up
                    runs = [wrk(base, f, args.seconds, connections) for _ in range(args.runs)]
                    for rps, p50, p99 in runs:
                        print(f"  {name} @{connections}: {rps:.0f} req/s, p50 {p50:.2f} ms, p99 {p99:.2f} ms")
                    med = [statistics.median(r[k] for r in runs) for k in range(3)]
                    print(f"{name} @{connections} connections: median {med[0]:.0f} req/s, "
                          f"p50 {med[1]:.2f} ms, p99 {med[2]:.2f} ms", flush=True)
    finally:
        daemon.stop()
        if args.keep or args.database:
            print(f"database kept: {db.name}")
        else:
            db.drop()


if __name__ == "__main__":
    main()
