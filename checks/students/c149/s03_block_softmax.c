/*
 * Backward pass for the 2-layer net.
 * Matrices are double** with all rows in one calloc'd block
 * (rows[0] points to the block, so freeing is two calls).
 * I recompute the softmax from the scores instead of trusting prob.
 */
#include <math.h>
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double **newMat(size_t r, size_t c)
{
    double **m = malloc(r * sizeof(double *));
    m[0] = calloc(r * c, sizeof(double));
    for (size_t i = 1; i < r; i++)
        m[i] = m[0] + i * c;
    return m;
}

static void delMat(double **m)
{
    free(m[0]);
    free(m);
}

static double **copyMat(const gsl_matrix *src)
{
    double **m = newMat(src->size1, src->size2);
    for (size_t i = 0; i < src->size1; i++)
        for (size_t j = 0; j < src->size2; j++)
            m[i][j] = gsl_matrix_get(src, i, j);
    return m;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = X->size1, d = net->D, h = net->H, c = net->C;
    if (n != cache->N || X->size2 != d || g->N != n)
    {
        return 1;
    }

    double **xs = copyMat(X), **w1 = copyMat(net->W1), **w2 = copyMat(net->W2);
    double **hidden = copyMat(cache->p1), **scores = copyMat(cache->z2);
    double **dScores = newMat(n, c), **dHidden = newMat(n, h), **dPre = newMat(n, h);
    double **gradW1 = newMat(d, h), **gradW2 = newMat(h, c);
    double **gradB1 = newMat(1, h), **gradB2 = newMat(1, c);

    /* softmax again, minus max for stability, then subtract the label */
    for (size_t i = 0; i < n; i++)
    {
        double mx = scores[i][0], sum = 0.0;
        for (size_t k = 1; k < c; k++)
            if (scores[i][k] > mx) mx = scores[i][k];
        for (size_t k = 0; k < c; k++)
        {
            dScores[i][k] = exp(scores[i][k] - mx);
            sum += dScores[i][k];
        }
        for (size_t k = 0; k < c; k++)
        {
            dScores[i][k] /= sum;
            if (k == y[i]) dScores[i][k] -= 1.0;
            dScores[i][k] /= n;
        }
    }

    for (size_t j = 0; j < h; j++)
        for (size_t k = 0; k < c; k++)
        {
            gradW2[j][k] = 2.0 * reg * w2[j][k];
            for (size_t i = 0; i < n; i++)
                gradW2[j][k] += hidden[i][j] * dScores[i][k];
        }
    for (size_t k = 0; k < c; k++)
        for (size_t i = 0; i < n; i++)
            gradB2[0][k] += dScores[i][k];

    /* back into the hidden layer; relu passes where the output is positive */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < h; j++)
        {
            for (size_t k = 0; k < c; k++)
                dHidden[i][j] += dScores[i][k] * w2[j][k];
            dPre[i][j] = hidden[i][j] > 0.0 ? dHidden[i][j] : 0.0;
        }

    for (size_t a = 0; a < d; a++)
        for (size_t j = 0; j < h; j++)
        {
            gradW1[a][j] = 2.0 * reg * w1[a][j];
            for (size_t i = 0; i < n; i++)
                gradW1[a][j] += xs[i][a] * dPre[i][j];
        }
    for (size_t j = 0; j < h; j++)
        for (size_t i = 0; i < n; i++)
            gradB1[0][j] += dPre[i][j];

    /* into g */
    for (size_t i = 0; i < n; i++)
    {
        for (size_t k = 0; k < c; k++)
            gsl_matrix_set(g->dz2, i, k, dScores[i][k]);
        for (size_t j = 0; j < h; j++)
        {
            gsl_matrix_set(g->dp1, i, j, dHidden[i][j]);
            gsl_matrix_set(g->dz1, i, j, dPre[i][j]);
        }
    }
    for (size_t j = 0; j < h; j++)
    {
        gsl_vector_set(g->db1, j, gradB1[0][j]);
        for (size_t k = 0; k < c; k++)
            gsl_matrix_set(g->dW2, j, k, gradW2[j][k]);
    }
    for (size_t k = 0; k < c; k++)
        gsl_vector_set(g->db2, k, gradB2[0][k]);
    for (size_t a = 0; a < d; a++)
        for (size_t j = 0; j < h; j++)
            gsl_matrix_set(g->dW1, a, j, gradW1[a][j]);

    delMat(xs); delMat(w1); delMat(w2); delMat(hidden); delMat(scores);
    delMat(dScores); delMat(dHidden); delMat(dPre);
    delMat(gradW1); delMat(gradW2); delMat(gradB1); delMat(gradB2);

    g->present = BP_GRADS_ALL;
    return 0;
}
