/* Aufgabe 4.2 -- Gradienten des zweischichtigen Netzes
 *
 * relu'(z) = 1 fuer z > 0, sonst 0
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double relu_ableitung(double z)
{
    return z > 0.0 ? 1.0 : 0.0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
    {
        return 1;
    }

    /* Ausgabeschicht */
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < net->C; k++)
        {
            double wert = gsl_matrix_get(cache->prob, i, k);
            if (y[i] == k)
            {
                wert -= 1.0;
            }
            gsl_matrix_set(g->dz2, i, k, wert / (double) N);
        }
    }

    for (j = 0; j < net->H; j++)
    {
        for (k = 0; k < net->C; k++)
        {
            double summe = 2.0 * reg * gsl_matrix_get(net->W2, j, k);
            for (i = 0; i < N; i++)
            {
                summe += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            }
            gsl_matrix_set(g->dW2, j, k, summe);
        }
    }

    for (k = 0; k < net->C; k++)
    {
        double summe = 0.0;
        for (i = 0; i < N; i++)
        {
            summe += gsl_matrix_get(g->dz2, i, k);
        }
        gsl_vector_set(g->db2, k, summe);
    }

    /* verborgene Schicht: dp1 = dz2 * W2^T, mit ReLU-Ableitung */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < net->H; j++)
        {
            double summe = 0.0;
            for (k = 0; k < net->C; k++)
            {
                summe += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            }
            gsl_matrix_set(g->dp1, i, j, summe * relu_ableitung(gsl_matrix_get(cache->z1, i, j)));
        }
    }

    /* dz1 = dp1 * relu'(z1) */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < net->H; j++)
        {
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(g->dp1, i, j) * relu_ableitung(gsl_matrix_get(cache->z1, i, j)));
        }
    }

    /* erste Schicht */
    for (k = 0; k < net->D; k++)
    {
        for (j = 0; j < net->H; j++)
        {
            double summe = 2.0 * reg * gsl_matrix_get(net->W1, k, j);
            for (i = 0; i < N; i++)
            {
                summe += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            }
            gsl_matrix_set(g->dW1, k, j, summe);
        }
    }

    for (j = 0; j < net->H; j++)
    {
        double summe = 0.0;
        for (i = 0; i < N; i++)
        {
            summe += gsl_matrix_get(g->dz1, i, j);
        }
        gsl_vector_set(g->db1, j, summe);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
