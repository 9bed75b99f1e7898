/*  backward.c -- Assignment 3, backward pass of the 2-layer network.
 *
 *  Matrices: one calloc'd block per array plus a table of row pointers.
 *  Input is read through ->data and ->tda (faster than gsl_matrix_get),
 *  output written with gsl_matrix_set.
 */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double **matrix(int rows, int cols)
{
    double **m = malloc(rows * sizeof(double *));
    double *block = calloc((size_t) rows * cols, sizeof(double));
    int i;
    for (i = 0; i < rows; i++)
        m[i] = block + (size_t) i * cols;
    return m;
}

static void free_matrix(double **m)
{
    free(m[0]);
    free(m);
}

static double **copy_in(const gsl_matrix *src)
{
    int rows = (int) src->size1, cols = (int) src->size2, i, j;
    double **m = matrix(rows, cols);
    for (i = 0; i < rows; i++)
        for (j = 0; j < cols; j++)
            m[i][j] = src->data[(size_t) i * src->tda + j];
    return m;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = (int) X->size1, D = (int) net->D, H = (int) net->H, C = (int) net->C;
    int i, j, k;

    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    {
        return 1;
    }

    double **x = copy_in(X), **w1 = copy_in(net->W1), **w2 = copy_in(net->W2);
    double **z1 = copy_in(cache->z1), **a1 = copy_in(cache->p1);
    double **ds = copy_in(cache->prob);          /* becomes dz2 */
    double **dw2 = matrix(H, C), **da1 = matrix(N, H), **dz1 = matrix(N, H);
    double **dw1 = matrix(D, H), **db = matrix(2, H + C);  /* row 0 db1, row 1 db2 */

    for (i = 0; i < N; i++)
    {
        ds[i][y[i]] -= 1.0;
        for (k = 0; k < C; k++)
        {
            ds[i][k] /= N;
            db[1][k] += ds[i][k];
        }
    }

    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            for (i = 0; i < N; i++)
                dw2[j][k] += a1[i][j] * ds[i][k];
            dw2[j][k] += 2 * reg * w2[j][k];
        }
    }

    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            for (k = 0; k < C; k++)
                da1[i][j] += ds[i][k] * w2[j][k];
            if (z1[i][j] > 0)
                dz1[i][j] = da1[i][j];
            db[0][j] += dz1[i][j];
        }
    }

    for (k = 0; k < D; k++)
    {
        for (j = 0; j < H; j++)
        {
            for (i = 0; i < N; i++)
                dw1[k][j] += x[i][k] * dz1[i][j];
            dw1[k][j] += 2 * reg * w1[k][j];
        }
    }

    /* results -> g */
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, i, k, ds[i][k]);
        for (j = 0; j < H; j++)
        {
            gsl_matrix_set(g->dp1, i, j, da1[i][j]);
            gsl_matrix_set(g->dz1, i, j, dz1[i][j]);
        }
    }
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dW2, j, k, dw2[j][k]);
    for (j = 0; j < D; j++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dW1, j, k, dw1[j][k]);
    for (k = 0; k < C; k++)
        gsl_vector_set(g->db2, k, db[1][k]);
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, db[0][j]);

    free_matrix(x); free_matrix(w1); free_matrix(w2); free_matrix(z1);
    free_matrix(a1); free_matrix(ds); free_matrix(dw2); free_matrix(da1);
    free_matrix(dz1); free_matrix(dw1); free_matrix(db);
    g->present = BP_GRADS_ALL;
    return 0;
}
