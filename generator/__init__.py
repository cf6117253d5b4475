"""Static site generator for the 学雷锋志愿服务 campaign portal."""
