/* backward.c -- HW3 backward pass.
 * Author: Daniel K.  (Java track)
 * I wrote a small Matrix "class" so I don't have to fight with GSL. */

#include <stdlib.h>
#include <gsl/gsl_matrix.h>
#include "backprop/grads.h"

typedef struct Matrix {
    int rows, cols;
    double **data;
} Matrix;

/* constructor: all zeros */
static Matrix newMatrix(int rows, int cols) {
    Matrix m;
    m.rows = rows;
    m.cols = cols;
    m.data = malloc(rows * sizeof(double *));
    for (int i = 0; i < rows; i++) {
        m.data[i] = calloc(cols, sizeof(double));
    }
    return m;
}

static void freeMatrix(Matrix m) {
    for (int i = 0; i < m.rows; i++) {
        free(m.data[i]);
    }
    free(m.data);
}

static Matrix fromGsl(const gsl_matrix *g) {
    Matrix m = newMatrix((int) g->size1, (int) g->size2);
    for (int i = 0; i < m.rows; i++)
        for (int j = 0; j < m.cols; j++)
            m.data[i][j] = gsl_matrix_get(g, i, j);
    return m;
}

static void toGsl(Matrix m, gsl_matrix *g) {
    for (int i = 0; i < m.rows; i++)
        for (int j = 0; j < m.cols; j++)
            gsl_matrix_set(g, i, j, m.data[i][j]);
}

/* returns a new Matrix = a * b */
static Matrix matMul(Matrix a, Matrix b) {
    Matrix c = newMatrix(a.rows, b.cols);
    for (int i = 0; i < a.rows; i++)
        for (int j = 0; j < b.cols; j++) {
            double sum = 0.0;
            for (int k = 0; k < a.cols; k++)
                sum += a.data[i][k] * b.data[k][j];
            c.data[i][j] = sum;
        }
    return c;
}

static Matrix transpose(Matrix a) {
    Matrix t = newMatrix(a.cols, a.rows);
    for (int i = 0; i < a.rows; i++)
        for (int j = 0; j < a.cols; j++)
            t.data[j][i] = a.data[i][j];
    return t;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    int numSamples = (int) X->size1;
    int numHidden = (int) net->H;
    int numClasses = (int) net->C;

    Matrix x = fromGsl(X);
    Matrix w2 = fromGsl(net->W2);
    Matrix w1 = fromGsl(net->W1);
    Matrix hidden = fromGsl(cache->p1);
    Matrix preAct = fromGsl(cache->z1);

    // dScores = (probs - oneHot) / N
    Matrix dScores = fromGsl(cache->prob);
    for (int i = 0; i < numSamples; i++) {
        dScores.data[i][y[i]] -= 1.0;
        for (int j = 0; j < numClasses; j++)
            dScores.data[i][j] /= numSamples;
    }

    // dW2 = hidden^T * dScores + 2*reg*W2
    Matrix hiddenT = transpose(hidden);
    Matrix dW2 = matMul(hiddenT, dScores);
    for (int i = 0; i < numHidden; i++)
        for (int j = 0; j < numClasses; j++)
            dW2.data[i][j] += 2.0 * reg * w2.data[i][j];

    // db2 = sum over samples
    for (int j = 0; j < numClasses; j++) {
        double s = 0.0;
        for (int i = 0; i < numSamples; i++) s += dScores.data[i][j];
        gsl_vector_set(g->db2, j, s);
    }

    // dHidden = dScores * W2^T
    Matrix w2T = transpose(w2);
    Matrix dHidden = matMul(dScores, w2T);

    // relu backward: only where the input was positive
    Matrix dPre = newMatrix(numSamples, numHidden);
    for (int i = 0; i < numSamples; i++)
        for (int j = 0; j < numHidden; j++)
            if (preAct.data[i][j] > 0) dPre.data[i][j] = dHidden.data[i][j];

    Matrix xT = transpose(x);
    Matrix dW1 = matMul(xT, dPre);
    for (int i = 0; i < dW1.rows; i++)
        for (int j = 0; j < dW1.cols; j++)
            dW1.data[i][j] += 2.0 * reg * w1.data[i][j];

    for (int j = 0; j < numHidden; j++) {
        double s = 0.0;
        for (int i = 0; i < numSamples; i++) s += dPre.data[i][j];
        gsl_vector_set(g->db1, j, s);
    }

    toGsl(dScores, g->dz2);
    toGsl(dW2, g->dW2);
    toGsl(dHidden, g->dp1);
    toGsl(dPre, g->dz1);
    toGsl(dW1, g->dW1);

    // free everything (no garbage collector here...)
    freeMatrix(x); freeMatrix(w2); freeMatrix(w1);
    freeMatrix(hidden); freeMatrix(preAct); freeMatrix(dScores);
    freeMatrix(hiddenT); freeMatrix(dW2); freeMatrix(w2T);
    freeMatrix(dHidden); freeMatrix(dPre); freeMatrix(xT); freeMatrix(dW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
