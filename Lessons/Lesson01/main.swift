print("Lesson under construction")
