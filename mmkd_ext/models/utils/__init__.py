from .label_grid import check_label_resize, labels_to_grid

__all__ = ['check_label_resize', 'labels_to_grid']
