DROP TABLE media_jobs;
DROP TABLE media_renditions;
