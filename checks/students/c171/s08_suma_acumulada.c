/* Practica 3. Backprop de una red de 2 capas.
   Autor: Emiliano Torres Garza
   Funcion auxiliar para sumar columnas (la uso para db2 y db1). */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* sumaColumnas: out[j] = suma de la columna j de M */
static void sumaColumnas(const gsl_matrix *M, gsl_vector *out)
{
    size_t i, j;
    double total = 0.0;
    for (j = 0; j < M->size2; j++) {
        for (i = 0; i < M->size1; i++) {
            total += gsl_matrix_get(M, i, j);
        }
        gsl_vector_set(out, j, total);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dscores */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double valor = gsl_matrix_get(cache->prob, i, k);
            if (y[i] == k)
                valor -= 1.0;
            gsl_matrix_set(g->dz2, i, k, valor / (double)N);
        }
    }

    /* dW2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* db2 */
    sumaColumnas(g->dz2, g->db2);

    /* dhidden */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }
    }

    /* dz1 = dhidden * (z1 > 0) */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double m = gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, j, m * gsl_matrix_get(g->dp1, i, j));
        }
    }

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 */
    sumaColumnas(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
