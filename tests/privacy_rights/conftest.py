import pytest

from tests.privacy_rights import seed


@pytest.fixture
def person(org_a):
    return seed.make_person(org_a)


@pytest.fixture
def seeded(person, org_a, org_b, manager):
    return seed.seed_everywhere(person, org_a, org_b, manager)
