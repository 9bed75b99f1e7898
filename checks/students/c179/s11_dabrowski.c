/*
 * Backprop dla sieci 2-warstwowej.
 * Jakub Dabrowski, MSI, grupa 4
 */
#include "backprop.h"

#define MG(m, i, j)     gsl_matrix_get((m), (i), (j))
#define MS(m, i, j, v)  gsl_matrix_set((m), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double suma;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    // warstwa wyjsciowa
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            MS(g->dz2, i, k, (MG(cache->prob, i, k) - (y[i] == k ? 1.0 : 0.0)) / (double)N);

    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
        {
            suma = 0.0;
            for (i = 0; i < N; i++)
                suma += MG(cache->p1, i, j) * MG(g->dz2, i, k);
            MS(g->dW2, j, k, suma + 2.0 * reg * MG(net->W2, j, k));
        }

    for (k = 0; k < C; k++)
    {
        suma = 0.0;
        for (i = 0; i < N; i++)
            suma += MG(g->dz2, i, k);
        gsl_vector_set(g->db2, k, suma);
    }

    // warstwa ukryta
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            suma = 0.0;
            for (k = 0; k < C; k++)
                suma += MG(g->dz2, i, k) * MG(net->W2, j, k);
            MS(g->dp1, i, j, suma);
            // ReLU: gradient przechodzi tylko dla aktywnych neuronow
            MS(g->dz1, i, j, MG(cache->z1, i, j) > 0.0 ? suma : 0.0);
        }

    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
        {
            suma = 0.0;
            for (i = 0; i < N; i++)
                suma += MG(X, i, k) * MG(g->dz1, i, j);
            MS(g->dW1, k, j, suma + 2.0 * reg * MG(net->W1, k, j));
        }

    // bias warstwy ukrytej
    for (j = 0; j < H; j++)
    {
        suma = 0.0;
        for (i = 0; i < N; i++)
            suma += MG(g->dp1, i, j);
        gsl_vector_set(g->db1, j, suma);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
