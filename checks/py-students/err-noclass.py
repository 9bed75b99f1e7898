import numpy as np


class Net(object):
    def loss(self, X, y=None, reg=0.0):
        return X


class Softmax(object):
    pass
