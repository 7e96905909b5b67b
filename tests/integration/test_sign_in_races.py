"""Sign-in under attack: a security code is accepted once, and parallel guesses cannot get past
the throttle (real threads, each with its own PostgreSQL connection)."""

import threading
import time

import pyotp

from shared.auth import accounts
from shared.auth.throttle import MAX_GUESSES
from shared.db import db
from shared.models import Role, User
from tests.conftest import PASSWORD


def _staff_code_sign_in(client, user, code):
    client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD})
    return client.post("/staff/sign-in/code", data={"code": code})


def test_a_security_code_signs_in_only_once(make, client, app):
    officer = make.user(Role.EHC_OFFICER)
    code = pyotp.TOTP(officer.totp_secret).now()
    assert _staff_code_sign_in(client, officer, code).status_code == 302
    client.post("/staff/sign-out")
    replay = _staff_code_sign_in(app.test_client(), officer, code)
    assert replay.status_code == 200 and "security code is not correct" in replay.text


def test_an_earlier_code_in_the_drift_window_is_refused_after_a_later_one(make, db_ready):
    officer = make.user(Role.EHC_OFFICER)
    totp = pyotp.TOTP(officer.totp_secret)
    now = time.time()
    assert accounts.check_totp(officer, totp.at(now), at=now)
    assert not accounts.check_totp(officer, totp.at(now - 30), at=now)
    assert accounts.check_totp(officer, totp.at(now + 30), at=now)


def test_one_code_used_in_parallel_passes_once(make, app, db_ready):
    officer = make.user(Role.EHC_OFFICER)
    officer_id, code = officer.id, pyotp.TOTP(officer.totp_secret).now()
    results, barrier = [], threading.Barrier(8)

    def attempt():
        with app.app_context():
            user = db.session.get(User, officer_id)
            barrier.wait()
            results.append(accounts.check_totp(user, code))
            db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]


def test_parallel_password_guesses_are_evaluated_at_most_max_guesses_times(make, app, db_ready):
    email = make.user(Role.PARENT).email
    answers, barrier = [], threading.Barrier(40)

    def guess():
        with app.app_context():  # the page-checking test client reads the app's settings
            client = app.test_client()
            barrier.wait()
            answers.append(client.post("/sign-in", data={"email": email, "password": "wrong-password-1"}).text)
            db.session.remove()

    threads = [threading.Thread(target=guess) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    evaluated = sum("Enter a correct email address and password" in text for text in answers)
    throttled = sum("tried to sign in too many times" in text for text in answers)
    assert (evaluated, throttled) == (MAX_GUESSES, 40 - MAX_GUESSES)


def test_a_code_that_is_not_six_digits_is_refused(make, db_ready):
    officer = make.user(Role.EHC_OFFICER)
    for code in ("", "12345", "1234567", "١٢٣٤٥٦", "12a456"):
        assert not accounts.check_totp(officer, code)
