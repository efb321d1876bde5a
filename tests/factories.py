import factory
from django.contrib.auth import get_user_model

from registry.models import Membership, Organisation, Person


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("Correct-Horse-42")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(
        lambda n: f"Муниципальное бюджетное общеобразовательное учреждение № {n}"
    )
    short_name = factory.Sequence(lambda n: f"МБОУ СОШ № {n}")
    slug = factory.Sequence(lambda n: f"school-{n}")
    kind = Organisation.Kind.SCHOOL
    place = "г. Заречный"


class AuthorityFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Управление образования округа № {n}")
    short_name = factory.Sequence(lambda n: f"УО округа № {n}")
    slug = factory.Sequence(lambda n: f"authority-{n}")
    kind = Organisation.Kind.AUTHORITY


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    last_name = factory.Iterator(["Иванова", "Петрова", "Смирнова", "Кузнецова", "Попова"])
    first_name = factory.Iterator(["Анна", "Мария", "Елена", "Ольга", "Татьяна"])
    middle_name = factory.Iterator(["Сергеевна", "Ивановна", "Петровна", "Андреевна"])
    gender = Person.Gender.FEMALE
    kind = Person.Kind.STAFF
    position = "учитель"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.CURATOR
