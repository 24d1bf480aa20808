"""The one distance every stage and scorer uses."""

from garrison.geo import distance_km


def test_tripoli_to_benghazi_is_about_650_km_and_distance_is_symmetric():
    km = distance_km(32.8872, 13.1913, 32.1167, 20.0667)
    assert 640 < km < 660
    assert distance_km(32.1167, 20.0667, 32.8872, 13.1913) == km


def test_antipodes_are_half_the_earth_apart_and_a_point_is_zero_from_itself():
    assert abs(distance_km(0, 0, 0, 180) - 20015.1) < 1
    assert distance_km(12.53, -7.95, 12.53, -7.95) == 0
