DROP TABLE front_slots;
DROP TABLE fronts;
