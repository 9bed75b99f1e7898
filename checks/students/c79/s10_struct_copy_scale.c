/*
 * Backward.c   (Oliver T.)
 * Matrix "objects" + small methods, like in Java.
 */
#include <stdlib.h>
#include "backprop/grads.h"

typedef struct Matrix
{
    int rows, cols;
    double **data;
} Matrix;

static Matrix createMatrix(int rows, int cols)
{
    Matrix m;
    m.rows = rows;
    m.cols = cols;
    m.data = (double **) malloc(rows * sizeof(double *));
    for (int r = 0; r < rows; r++)
        m.data[r] = (double *) calloc(cols, sizeof(double));
    return m;
}

static void destroyMatrix(Matrix m)
{
    for (int r = 0; r < m.rows; r++)
        free(m.data[r]);
    free(m.data);
}

static Matrix copyFromGsl(const gsl_matrix *src)
{
    Matrix m = createMatrix(src->size1, src->size2);
    for (int r = 0; r < m.rows; r++)
        for (int c = 0; c < m.cols; c++)
            m.data[r][c] = gsl_matrix_get(src, r, c);
    return m;
}

static void copyToGsl(Matrix m, gsl_matrix *dst)
{
    for (int r = 0; r < m.rows; r++)
        for (int c = 0; c < m.cols; c++)
            gsl_matrix_set(dst, r, c, m.data[r][c]);
}

static Matrix transposeOf(Matrix a)
{
    Matrix t = createMatrix(a.cols, a.rows);
    for (int r = 0; r < a.rows; r++)
        for (int c = 0; c < a.cols; c++)
            t.data[c][r] = a.data[r][c];
    return t;
}

static Matrix matMul(Matrix a, Matrix b)
{
    Matrix out = createMatrix(a.rows, b.cols);
    for (int i = 0; i < a.rows; i++)
        for (int k = 0; k < a.cols; k++)
            for (int j = 0; j < b.cols; j++)
                out.data[i][j] += a.data[i][k] * b.data[k][j];
    return out;
}

static void scaleInPlace(Matrix a, double factor)
{
    for (int r = 0; r < a.rows; r++)
        for (int c = 0; c < a.cols; c++)
            a.data[r][c] *= factor;
}

static void addInPlace(Matrix a, Matrix b)
{
    for (int r = 0; r < a.rows; r++)
        for (int c = 0; c < a.cols; c++)
            a.data[r][c] += b.data[r][c];
}

static void sumColumnsInto(Matrix a, gsl_vector *out)
{
    gsl_vector_set_zero(out);
    for (int r = 0; r < a.rows; r++)
        for (int c = 0; c < a.cols; c++)
            gsl_vector_set(out, c, gsl_vector_get(out, c) + a.data[r][c]);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int numSamples = X->size1;

    Matrix x = copyFromGsl(X);
    Matrix z1 = copyFromGsl(cache->z1);
    Matrix p1 = copyFromGsl(cache->p1);
    Matrix w1 = copyFromGsl(net->W1);
    Matrix w2 = copyFromGsl(net->W2);

    Matrix dScores = copyFromGsl(cache->prob);
    for (int i = 0; i < numSamples; i++)
        dScores.data[i][y[i]] -= 1.0;
    scaleInPlace(dScores, 1.0 / numSamples);

    Matrix p1T = transposeOf(p1);
    Matrix dW2 = matMul(p1T, dScores);
    Matrix regW2 = w2;                  // copy of W2 for the reg term
    scaleInPlace(regW2, 2.0 * reg);
    addInPlace(dW2, regW2);
    sumColumnsInto(dScores, g->db2);

    Matrix w2T = transposeOf(w2);
    Matrix dHidden = matMul(dScores, w2T);

    Matrix dZ1 = createMatrix(dHidden.rows, dHidden.cols);
    for (int r = 0; r < dZ1.rows; r++)
        for (int c = 0; c < dZ1.cols; c++)
            dZ1.data[r][c] = z1.data[r][c] > 0 ? dHidden.data[r][c] : 0.0;

    Matrix xT = transposeOf(x);
    Matrix dW1 = matMul(xT, dZ1);
    Matrix regW1 = copyFromGsl(net->W1);
    scaleInPlace(regW1, 2.0 * reg);
    addInPlace(dW1, regW1);
    sumColumnsInto(dZ1, g->db1);

    copyToGsl(dScores, g->dz2);
    copyToGsl(dW2, g->dW2);
    copyToGsl(dHidden, g->dp1);
    copyToGsl(dZ1, g->dz1);
    copyToGsl(dW1, g->dW1);

    destroyMatrix(x); destroyMatrix(z1); destroyMatrix(p1);
    destroyMatrix(w1); destroyMatrix(w2);   // (regW2 goes with w2, freeing both crashed)
    destroyMatrix(dScores); destroyMatrix(p1T); destroyMatrix(dW2);
    destroyMatrix(w2T); destroyMatrix(dHidden); destroyMatrix(dZ1);
    destroyMatrix(xT); destroyMatrix(dW1); destroyMatrix(regW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
